"""The faces: actions, the ribbon entry point, the command line."""
