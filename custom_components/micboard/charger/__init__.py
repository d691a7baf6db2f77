"""Entry kind: a Shure networked charging station over command strings."""
