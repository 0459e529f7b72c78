// The SFTPIngest library; its owner replaces this file.
