"""A workspace of reporting periods: folders, new periods, batch builds."""
