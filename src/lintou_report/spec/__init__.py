"""The standard: GB/T 9704-2012 numbers and rules, each with its clause; read by layout, writers and check."""
