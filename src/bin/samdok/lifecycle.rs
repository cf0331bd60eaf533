//! `samdok implement …`, `samdok publish`, `samdok followup …`, `samdok
//! retire …` and `samdok doc lifecycle`: the document's life after the
//! decision. Every step prints what was recorded and the guideline's
//! warnings; with `--json` it prints the whole lifecycle view instead.

use clap::Subcommand;
use samdok::register::after_decision::{
    self as steps, FollowupInput, FollowupPlanInput, LifecycleView, MailingInput, PublicationInput,
    RetirementInput, SessionInput,
};
use samdok::{time, DocumentId, Store};

use crate::output::{self, Outcome};

#[derive(Subcommand)]
pub enum ImplementCommand {
    /// Registrera att information om dokumentet skickats till parter och nätverk
    Info {
        doc_id: i64,
        /// Dagen informationen skickades (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: String,
        /// Mottagare: parter, nätverk
        #[arg(long, default_value = "")]
        to: String,
        /// Revideringen är mindre (inte betydande): fyramånadersregeln gäller inte
        #[arg(long)]
        minor_revision: bool,
        #[arg(long)]
        json: bool,
    },
    /// Planera ett informationstillfälle (digitalt om inte --on-site anges)
    Session {
        doc_id: i64,
        /// Planerat datum (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        planned: String,
        /// Genomfört (ÅÅÅÅ-MM-DD), om tillfället redan hållits
        #[arg(long)]
        held: Option<String>,
        /// Tillfället hålls på plats, inte digitalt
        #[arg(long)]
        on_site: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Registrera att ett planerat informationstillfälle har hållits
    Held {
        session_id: i64,
        /// Genomfört (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// Ta tillbaka markeringen genomfört på ett informationstillfälle som
    /// markerats av misstag (det blir planerat igen)
    NotHeld {
        session_id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Ta bort ett utskick av information som registrerats av misstag
    /// (dokumentets steg ändras inte)
    RemoveInfo {
        /// Utskickets nummer (se «samdok doc lifecycle DOK_ID»)
        mailing_id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Ta bort ett informationstillfälle som registrerats av misstag
    /// (dokumentets steg ändras inte)
    RemoveSession {
        session_id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum FollowupCommand {
    /// Spara planen för uppföljning: indikatorer, intervall och ansvarig
    Plan {
        doc_id: i64,
        /// Mätpunkter eller indikatorer
        #[arg(long)]
        indicators: String,
        /// Uppföljningsintervall i månader (1–120)
        #[arg(long, allow_negative_numbers = true)]
        interval: i64,
        /// Ansvarig för uppföljningen
        #[arg(long)]
        owner: String,
        #[arg(long)]
        json: bool,
    },
    /// Registrera en genomförd uppföljning; nästa räknas fram ur intervallet
    Done {
        doc_id: i64,
        /// Dagen uppföljningen genomfördes (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: String,
        /// Resultatet
        #[arg(long)]
        result: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum RetireCommand {
    /// Registrera beslutet om avveckling: forum och datum
    Decide {
        doc_id: i64,
        /// Forum som beslutade, t.ex. "Beredningsgruppen Nya perspektiv"
        #[arg(long)]
        forum: String,
        /// Beslutsdatum (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// Registrera dagen dokumentet markerades inaktuellt på webben (det tas
    /// bort därifrån ett år senare)
    Inaktuell {
        doc_id: i64,
        /// Dagen det markerades inaktuellt (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// Registrera dagen dokumentet togs bort från webben
    Removed {
        doc_id: i64,
        /// Dagen det togs bort (ÅÅÅÅ-MM-DD)
        #[arg(long)]
        date: String,
        #[arg(long)]
        json: bool,
    },
}

/// `samdok publish DOK_ID --date D [--vida-link URL]`.
pub fn publish(
    store: &mut Store,
    doc_id: i64,
    date: String,
    vida_link: Option<String>,
    json: bool,
) -> Outcome {
    let id = DocumentId(doc_id);
    steps::publish(
        store,
        id,
        &PublicationInput {
            published_on: Some(date),
            vida_link: vida_link.unwrap_or_default(),
        },
    )?;
    let view = steps::view(store.conn(), id, time::today())?;
    if json {
        return output::json(&view);
    }
    if let Some(p) = &view.publication {
        out!("Publicerad {}: {}", p.published_on, p.vida_link);
    }
    warnings(&view)
}

pub fn implement(store: &mut Store, command: ImplementCommand) -> Outcome {
    let (id, json) = match command {
        ImplementCommand::Info {
            doc_id,
            date,
            to,
            minor_revision,
            json,
        } => {
            let id = DocumentId(doc_id);
            steps::record_mailing(
                store,
                id,
                &MailingInput {
                    sent_on: Some(date),
                    sent_to: to,
                    minor_revision,
                },
            )?;
            (id, json)
        }
        ImplementCommand::Session {
            doc_id,
            planned,
            held,
            on_site,
            note,
            json,
        } => {
            let id = DocumentId(doc_id);
            let session = steps::add_session(
                store,
                id,
                &SessionInput {
                    planned_on: Some(planned),
                    held_on: held,
                    digital: !on_site,
                    note,
                },
            )?;
            if !json {
                out!("Informationstillfälle {session} registrerat.");
            }
            (id, json)
        }
        ImplementCommand::Held {
            session_id,
            date,
            json,
        } => {
            let id = steps::mark_session_held(store, session_id, Some(&date))?;
            (id, json)
        }
        ImplementCommand::NotHeld { session_id, json } => {
            let id = steps::unmark_session_held(store, session_id)?;
            if !json {
                out!("Informationstillfälle {session_id} är inte längre markerat som genomfört.");
            }
            (id, json)
        }
        ImplementCommand::RemoveInfo { mailing_id, json } => {
            let id = steps::remove_mailing(store, mailing_id)?;
            if !json {
                out!("Utskick {mailing_id} borttaget.");
            }
            (id, json)
        }
        ImplementCommand::RemoveSession { session_id, json } => {
            let id = steps::remove_session(store, session_id)?;
            if !json {
                out!("Informationstillfälle {session_id} borttaget.");
            }
            (id, json)
        }
    };
    let view = steps::view(store.conn(), id, time::today())?;
    if json {
        return output::json(&view);
    }
    implementation(&view)?;
    warnings(&view)
}

pub fn followup(store: &mut Store, command: FollowupCommand) -> Outcome {
    let (id, json) = match command {
        FollowupCommand::Plan {
            doc_id,
            indicators,
            interval,
            owner,
            json,
        } => {
            let id = DocumentId(doc_id);
            let changed = steps::plan_followup(
                store,
                id,
                &FollowupPlanInput {
                    indicators,
                    interval_months: Some(interval),
                    owner,
                },
            )?;
            if changed.is_empty() && !json {
                out!("Inget ändrades.");
            }
            (id, json)
        }
        FollowupCommand::Done {
            doc_id,
            date,
            result,
            json,
        } => {
            let id = DocumentId(doc_id);
            steps::record_followup(
                store,
                id,
                &FollowupInput {
                    done_on: Some(date),
                    result,
                },
            )?;
            (id, json)
        }
    };
    let view = steps::view(store.conn(), id, time::today())?;
    if json {
        return output::json(&view);
    }
    follow_up(&view)?;
    warnings(&view)
}

pub fn retire(store: &mut Store, command: RetireCommand) -> Outcome {
    let (id, json) = match command {
        RetireCommand::Decide {
            doc_id,
            forum,
            date,
            json,
        } => {
            let id = DocumentId(doc_id);
            steps::decide_retirement(
                store,
                id,
                &RetirementInput {
                    forum,
                    decided_on: Some(date),
                },
            )?;
            (id, json)
        }
        RetireCommand::Inaktuell { doc_id, date, json } => {
            let id = DocumentId(doc_id);
            steps::mark_inaktuell(store, id, Some(&date))?;
            (id, json)
        }
        RetireCommand::Removed { doc_id, date, json } => {
            let id = DocumentId(doc_id);
            steps::mark_removed_from_web(store, id, Some(&date))?;
            (id, json)
        }
    };
    let view = steps::view(store.conn(), id, time::today())?;
    if json {
        return output::json(&view);
    }
    retirement(&view)?;
    warnings(&view)
}

/// `samdok doc lifecycle DOK_ID [--json]`: everything after the decision.
pub fn show(store: &Store, doc_id: i64, json: bool) -> Outcome {
    let view = steps::view(store.conn(), DocumentId(doc_id), time::today())?;
    if json {
        return output::json(&view);
    }
    out!("Version {}, steg: {}", view.version_no, view.stage_name);
    if !view.applies {
        out!("Dokumentet har inte kommit till ställningstagande och beslut, och inget är registrerat efter beslutet.");
        return Ok(());
    }
    implementation(&view)?;
    match &view.publication {
        Some(p) => out!("Publicerad {}: {}", p.published_on, p.vida_link),
        None => out!("Inte publicerad."),
    }
    follow_up(&view)?;
    retirement(&view)?;
    warnings(&view)
}

fn implementation(view: &LifecycleView) -> Outcome {
    out!("Implementering:");
    if let (Some(from), Some(due)) = (view.valid_from, view.info_due_by) {
        if view.four_month_rule_applies {
            out!("  Giltig fr.o.m. {from}; information skickas senast {due}");
        }
    }
    if view.mailings.is_empty() {
        out!("  Ingen information skickad ännu.");
    }
    for m in &view.mailings {
        let to = if m.sent_to.is_empty() {
            String::new()
        } else {
            format!(" till {}", m.sent_to)
        };
        out!("  Information skickad {}{to} (utskick {})", m.sent_on, m.id);
    }
    for s in &view.sessions {
        let kind = if s.digital { "digitalt" } else { "på plats" };
        let held = s
            .held_on
            .map_or_else(|| "ej hållet".to_owned(), |d| format!("hållet {d}"));
        let note = if s.note.is_empty() {
            String::new()
        } else {
            format!(" – {}", s.note)
        };
        out!(
            "  Tillfälle {} ({kind}) planerat {}, {held}{note}",
            s.id,
            s.planned_on
        );
    }
    Ok(())
}

fn follow_up(view: &LifecycleView) -> Outcome {
    let plan = &view.followup_plan;
    out!("Uppföljning:");
    if !plan.interval_name.is_empty() || !plan.owner.is_empty() {
        out!(
            "  Intervall: {}; ansvarig: {}",
            plan.interval_name,
            plan.owner
        );
    }
    if !plan.indicators.is_empty() {
        out!("  Indikatorer: {}", plan.indicators);
    }
    for f in &view.followups {
        out!("  Genomförd {}: {}", f.done_on, f.result);
    }
    if let Some(next) = view.next_followup_due {
        out!("  Nästa uppföljning senast {next}");
    }
    Ok(())
}

fn retirement(view: &LifecycleView) -> Outcome {
    if let Some(r) = &view.retirement {
        out!("Avveckling beslutad {} av {}", r.decided_on, r.forum);
        if let (Some(on), Some(removal)) = (r.inaktuell_on, r.removal_on) {
            out!("  Markerat inaktuellt på webben {on}; tas bort senast {removal}");
        }
        if let Some(on) = r.removed_on {
            out!("  Borttaget från webben {on}");
        }
    }
    Ok(())
}

fn warnings(view: &LifecycleView) -> Outcome {
    for w in &view.warnings {
        out!("Varning: {}", w.message);
    }
    Ok(())
}
