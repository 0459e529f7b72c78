import SFTPIngest

@main
struct SFTPIngestCommand {
    static func main() {}
}
