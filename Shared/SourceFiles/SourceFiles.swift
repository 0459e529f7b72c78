// The SourceFiles module; its owner replaces this file.
