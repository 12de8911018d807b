"""Text-to-speech: one small engine interface, the engines behind it, and voice profiles."""
