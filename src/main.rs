//! The `whosaid` command line: the binary edge, where errors become one clear line on
//! stderr and an exit code. Every command calls the library; see `cli/`.

use std::alloc::{GlobalAlloc, Layout};
use std::process::ExitCode;

use libmimalloc_sys as ffi;

/// mimalloc: extraction and indexing make millions of small, short-lived allocations
/// (tokens, names, terms), where glibc's malloc spent a fifth of extraction's instructions.
#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// The alignment `mi_malloc` gives every block: a machine word. Its size classes of 24, 40
/// or 56 bytes sit 8 bytes apart from 16-byte boundaries, and a C type that needs 16 bytes is
/// a multiple of 16 long, but a Rust `Layout` need not be (hashbrown's tables ask for 16-byte
/// alignment at any size), so only word alignment is taken as given.
const MIMALLOC_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc through its plain entry points wherever they give the alignment asked for.
///
/// `mimalloc::MiMalloc` calls `mi_malloc_aligned` for every allocation, which takes a fast
/// path only for blocks of at most 1 KiB whose free block happens to be aligned; any other
/// (a token vector, a tantivy buffer) goes through the generic aligned path, which
/// over-allocates by the alignment and marks the page as holding interior pointers. Rust asks
/// for at most 8 bytes of alignment for nearly everything, which `mi_malloc` always gives, so
/// those take `mi_malloc`, as the standard library's own `System` allocator takes `malloc`;
/// larger alignments keep `MiMalloc`. Every block, either way, is freed by `mi_free`.
struct Mimalloc;

impl Mimalloc {
    /// Whether `mi_malloc`'s own alignment serves `layout` (the test `System` makes).
    fn plain(layout: Layout) -> bool {
        layout.align() <= MIMALLOC_ALIGN
    }
}

// SAFETY: every method hands the request to mimalloc: the plain entry points only for
// alignments of at most a word, which every mimalloc block has, and `MiMalloc` for anything
// else; mimalloc frees and reallocates any of its own blocks.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if Self::plain(layout) {
            unsafe { ffi::mi_malloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if Self::plain(layout) {
            unsafe { ffi::mi_zalloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The new block must meet the old alignment at the new size.
        let new = Layout::from_size_align(new_size, layout.align());
        if new.is_ok_and(Self::plain) {
            unsafe { ffi::mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

fn main() -> ExitCode {
    whosaid::cli::main()
}
