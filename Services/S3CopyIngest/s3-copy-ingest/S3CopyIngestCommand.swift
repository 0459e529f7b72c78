import S3CopyIngest

@main
struct S3CopyIngestCommand {
    static func main() {}
}
