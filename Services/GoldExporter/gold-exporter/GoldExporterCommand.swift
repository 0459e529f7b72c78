import GoldExporter

@main
struct GoldExporterCommand {
    static func main() {}
}
