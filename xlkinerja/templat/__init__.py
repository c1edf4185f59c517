"""The template: schema, builder, filling, settings, reading tables, examples."""
