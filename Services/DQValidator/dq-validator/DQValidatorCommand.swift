import DQValidator

@main
struct DQValidatorCommand {
    static func main() {}
}
