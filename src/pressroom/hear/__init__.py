"""The listener: a recogniser that hears narrated speech, and the scoring of what it heard against what was meant.
Beside the engines (it hears what they say), below the executors (which run it in their workers)."""
