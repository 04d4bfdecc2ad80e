"""Review tools: scripts that show people what the built site looks like (``python -m tools.X``)."""
