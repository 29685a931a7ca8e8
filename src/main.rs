// Smaller than the default allocator in the WASM (the card runs on one
// thread, which is what this allocator needs). Set here, not in the library,
// so test binaries keep their own.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    feedback_app::start();
}
