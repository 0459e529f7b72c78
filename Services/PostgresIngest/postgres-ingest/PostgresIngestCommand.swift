import PostgresIngest

@main
struct PostgresIngestCommand {
    static func main() {}
}
