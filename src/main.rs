use std::process::ExitCode;

// A build allocates and frees a few strings per sentence on every thread; glibc's allocator
// spent about 8% of a one-thread build in malloc and free, mimalloc's thread-local heaps far less.
// Built with `no_thp`: with transparent huge pages, every page mimalloc purged and reused came
// back as a freshly zeroed 2 MiB page, and the kernel spent 7% of a build clearing them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match corpusmill::cli::run(std::env::args_os()) {
        Ok(code) => code,
        Err(err) => {
            // A closed stdout (e.g. `| head`) is not a failure of the tool.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("corpusmill: error: {err:#}");
            let code = err
                .downcast_ref::<corpusmill::Error>()
                .map_or(1, corpusmill::Error::exit_code);
            ExitCode::from(code)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
