"""Format-clause review (格式条款审查): rule library, clause splitter and review engine.

Pure Python, no Django: the Django app built on top of it imports from here."""
