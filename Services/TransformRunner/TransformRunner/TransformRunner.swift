// The TransformRunner library; its owner replaces this file.
