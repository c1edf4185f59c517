"""The VBA and ribbon sources of the template; installed as the package xlkinerja.makro."""
