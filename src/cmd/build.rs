//! `mentorkit build`: builds the site and says what it wrote.

use super::progress::Progress;
use super::{Verbosity, plural};
use crate::diagnostics::{print_human, visible};
use crate::error::Error;
use crate::pipeline::{self, BuildOptions, Built, Written};
use crate::validate::urls::not_a_web_address;

pub fn run(mut options: BuildOptions, open: bool, verbosity: Verbosity) -> Result<(), Error> {
    if let Some(problem) = options.base_url.as_deref().and_then(not_a_web_address) {
        return Err(Error::Usage(format!(
            "--base-url {problem}; give an http(s) address or a path starting with `/`"
        )));
    }
    clean_up_on_interrupt();
    let progress = verbosity.says().then(Progress::start);
    options.progress = progress.as_ref().map(|p| p.pages.clone());
    let result = pipeline::build(&options);
    if let Some(progress) = &progress {
        progress.finish();
    }
    match result {
        Ok(built) => {
            print_human(&built.run.diagnostics, &built.run.sources);
            if verbosity.says() {
                summarize(&built, &options);
            }
            if open {
                open_site(&options);
            }
            Ok(())
        }
        Err(Error::Content(problems)) => {
            print_human(&problems.diagnostics, &problems.sources);
            let errors = problems.diagnostics.error_count();
            eprintln!(
                "error: build failed with {errors} error{}; {} was left unchanged",
                plural(errors),
                options.output.display()
            );
            // Printed above, with what they stopped.
            Err(Error::Content(Box::default()))
        }
        Err(error) => Err(error),
    }
}

/// Opens the home page in the default browser; a machine without one gets a warning.
fn open_site(options: &BuildOptions) {
    let home = options.output.join("index.html");
    if let Err(error) = opener::open_browser(&home) {
        eprintln!(
            "warning: could not open a browser ({error}); open {} yourself",
            home.display()
        );
    }
}

fn summarize(built: &Built, options: &BuildOptions) {
    let Some(site) = &built.run.site else { return };
    let output = options.output.display();
    let elapsed = built.elapsed.as_millis();
    if built.written == Written::UpToDate {
        eprintln!(
            "\"{}\" is up to date in {output} (nothing changed since the last build; checked in {elapsed} ms)",
            visible(&site.program_name),
        );
        return;
    }
    let c = site.counts;
    eprintln!(
        "Built \"{}\": {} pages ({} guides, {} sections, {} modules, {} checklists, {} surveys, {} print, {} other) into {output} in {elapsed} ms",
        visible(&site.program_name),
        c.total(),
        c.guides,
        c.sections,
        c.modules,
        c.checklists,
        c.surveys,
        c.print,
        c.other,
    );
    if !site.departments.is_empty() {
        let list: Vec<String> = site
            .departments
            .iter()
            .map(|(id, pages)| format!("{id} ({pages} pages)"))
            .collect();
        eprintln!(
            "  with {} department handbook{} under departments/: {}",
            site.departments.len(),
            plural(site.departments.len()),
            list.join(", ")
        );
    }
}

/// On Ctrl-C or SIGTERM: removes the build's staging folder (a placement already begun is
/// finished by the next build instead), then stops as an interrupted command does (130). The
/// signals are taken over here, before the build makes anything.
fn clean_up_on_interrupt() {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let Some(signals) = Signals::listen(&runtime) else {
        return;
    };
    std::thread::spawn(move || {
        runtime.block_on(signals.interrupted());
        crate::write::remove_interrupted_staging();
        std::process::exit(130);
    });
}

/// The interrupt signals, listened to from the moment this is made.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    #[cfg(unix)]
    fn listen(runtime: &tokio::runtime::Runtime) -> Option<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        let _context = runtime.enter();
        Some(Signals {
            interrupt: signal(SignalKind::interrupt()).ok()?,
            terminate: signal(SignalKind::terminate()).ok()?,
        })
    }

    #[cfg(not(unix))]
    fn listen(_runtime: &tokio::runtime::Runtime) -> Option<Signals> {
        Some(Signals {})
    }

    async fn interrupted(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}
