"""drafter: Vietnamese administrative documents (công văn) laid out per Nghị định 30/2020/NĐ-CP."""

__version__ = "0.1.0"
