fn main() {
    feedback_app::start();
}
