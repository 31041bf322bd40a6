fn main() -> std::process::ExitCode {
    swcache::main_entry()
}
