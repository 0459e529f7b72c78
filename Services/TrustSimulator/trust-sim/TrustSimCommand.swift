import TrustSimulator

@main
struct TrustSimCommand {
    static func main() {}
}
