// The S3CopyIngest library; its owner replaces this file.
