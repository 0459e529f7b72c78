import Pseudonymiser

@main
struct PseudonymiserCommand {
    static func main() {}
}
