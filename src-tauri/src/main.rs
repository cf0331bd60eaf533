fn main() {
    samdok_app::run()
}
