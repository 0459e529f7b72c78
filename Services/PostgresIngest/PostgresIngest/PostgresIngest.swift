// The PostgresIngest library; its owner replaces this file.
