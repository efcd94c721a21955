fn main() {
    std::process::exit(mentorkit::cli::main());
}
