
ByJ2fg’‰o{xwˆPsupŸlfr“„ƒ<…†ou‡byx]¯€uUv‡‹‡›•‹ªk{l•