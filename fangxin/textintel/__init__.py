"""Text intelligence for fangxin, in pure Python (no Django imports): it can be benchmarked,
evaluated and reused alone (ARCHITECTURE.md)."""
