"""Pure domain model: enums and value types shared by every layer. No I/O."""
