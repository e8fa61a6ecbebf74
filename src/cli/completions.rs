//! `newsdex completions` and `newsdex man`: shell completions and a man page, both made from the
//! clap definitions so they never fall behind the flags.

use std::process::ExitCode;

use anyhow::Result;
use std::io::Write;

use clap::CommandFactory;

#[derive(Debug, clap::Args)]
pub struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn completions(args: CompletionArgs) -> Result<ExitCode> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "newsdex", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page (roff): `newsdex man > newsdex.1`.
pub fn man() -> Result<ExitCode> {
    let cmd = super::Cli::command();
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    // One section per subcommand, so the page documents every flag.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(out, ".SH \"NEWSDEX {}\"", sub.get_name().to_uppercase())?;
        let man = clap_mangen::Man::new(sub.clone());
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}
