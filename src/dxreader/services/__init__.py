"""Plain classes that the GUI and the console tool both call."""
