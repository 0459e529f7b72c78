import TransformRunner

@main
struct TransformRunnerCommand {
    static func main() {}
}
