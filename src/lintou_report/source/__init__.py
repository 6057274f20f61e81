"""What a report is made from: the data model (YAML with positions), templates, markup, 上期 comparison."""
