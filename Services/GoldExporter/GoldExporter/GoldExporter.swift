// The GoldExporter library; its owner replaces this file.
