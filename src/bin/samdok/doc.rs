//! `samdok doc …`: the register — add, edit, list, show, stage, lifecycle,
//! revise.

use clap::{Args, Subcommand};
use samdok::parties::{self, PartyId};
use samdok::register::lifecycle;
use samdok::register::{self, DocumentInput, ListQuery, SortField, ValidityFilter};
use samdok::{time, DocumentId, Error, Store};

use crate::output::{self, Outcome};

#[derive(Subcommand)]
pub enum DocCommand {
    /// Registrera ett nytt dokument (skriver ut dess id)
    Add {
        #[command(flatten)]
        fields: FieldArgs,
        #[arg(long)]
        json: bool,
    },
    /// Ändra ett dokuments aktuella version (bara angivna fält ändras)
    Edit {
        id: i64,
        #[command(flatten)]
        fields: FieldArgs,
    },
    /// Lista registret
    List {
        #[command(flatten)]
        query: ListArgs,
        /// Öppna en sparad vy (samdok view save); andra val ändrar den
        #[arg(long)]
        view: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Visa ett dokument
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Flytta ett dokument till ett steg i processen
    Stage {
        id: i64,
        /// Stegets kod eller namn, t.ex. dialog eller "Utkast enligt mall"
        stage: String,
        #[arg(long, default_value = "")]
        comment: String,
        /// Datum för stegbytet (ÅÅÅÅ-MM-DD), annars i dag
        #[arg(long)]
        date: Option<String>,
    },
    /// Visa implementering, publicering, uppföljning och avveckling med
    /// riktlinjens varningar
    Lifecycle {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Påbörja en revidering: en ny version som utgår från den aktuella
    Revise {
        id: i64,
        #[arg(long, default_value = "")]
        comment: String,
    },
}

#[derive(Args, Default)]
pub struct FieldArgs {
    #[arg(long)]
    title: Option<String>,
    /// Dokumenttyp (kod eller namn, t.ex. riktlinje)
    #[arg(long = "type")]
    doc_type: Option<String>,
    /// Dokumentägare
    #[arg(long)]
    owner: Option<String>,
    #[arg(long)]
    diarienummer: Option<String>,
    /// Giltig fr.o.m. (ÅÅÅÅ-MM-DD)
    #[arg(long)]
    valid_from: Option<String>,
    /// Giltig t.o.m. (ÅÅÅÅ-MM-DD)
    #[arg(long)]
    valid_to: Option<String>,
    /// Framtagen inom (forum eller grupp)
    #[arg(long)]
    developed_within: Option<String>,
    #[arg(long)]
    organisation: Option<String>,
    /// Fastställare
    #[arg(long)]
    approver: Option<String>,
    /// Utarbetad av
    #[arg(long)]
    prepared_by: Option<String>,
    /// Gäller för: områdeskoder, kommaseparerade
    #[arg(long, value_delimiter = ',')]
    areas: Option<Vec<String>>,
    /// Ingående parter: namn eller id, kommaseparerade (standard: alla 17)
    #[arg(long, value_delimiter = ',')]
    parties: Option<Vec<String>>,
    #[arg(long)]
    vida_link: Option<String>,
    /// Lagstöd
    #[arg(long)]
    legal_basis: Option<String>,
    /// Uppföljningsintervall i månader
    #[arg(long)]
    followup_months: Option<i64>,
    /// Ansvarig för uppföljning
    #[arg(long)]
    followup_owner: Option<String>,
    #[arg(long)]
    notes: Option<String>,
}

impl FieldArgs {
    /// The names (as in [`DocumentInput`]) of the fields given.
    fn given(&self) -> Vec<&'static str> {
        [
            ("title", self.title.is_some()),
            ("doc_type", self.doc_type.is_some()),
            ("owner", self.owner.is_some()),
            ("diarienummer", self.diarienummer.is_some()),
            ("valid_from", self.valid_from.is_some()),
            ("valid_to", self.valid_to.is_some()),
            ("developed_within", self.developed_within.is_some()),
            ("organisation", self.organisation.is_some()),
            ("approver", self.approver.is_some()),
            ("prepared_by", self.prepared_by.is_some()),
            ("areas", self.areas.is_some()),
            ("parties", self.parties.is_some()),
            ("vida_link", self.vida_link.is_some()),
            ("legal_basis", self.legal_basis.is_some()),
            ("followup_interval_months", self.followup_months.is_some()),
            ("followup_owner", self.followup_owner.is_some()),
            ("notes", self.notes.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }

    /// Lays the given options over `base`.
    fn apply(self, store: &Store, mut base: DocumentInput) -> samdok::Result<DocumentInput> {
        let set = |target: &mut String, value: Option<String>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set(&mut base.title, self.title);
        set(&mut base.doc_type, self.doc_type);
        set(&mut base.owner, self.owner);
        set(&mut base.diarienummer, self.diarienummer);
        set(&mut base.developed_within, self.developed_within);
        set(&mut base.organisation, self.organisation);
        set(&mut base.approver, self.approver);
        set(&mut base.prepared_by, self.prepared_by);
        set(&mut base.vida_link, self.vida_link);
        set(&mut base.legal_basis, self.legal_basis);
        set(&mut base.followup_owner, self.followup_owner);
        set(&mut base.notes, self.notes);
        if self.valid_from.is_some() {
            base.valid_from = self.valid_from;
        }
        if self.valid_to.is_some() {
            base.valid_to = self.valid_to;
        }
        if let Some(areas) = self.areas {
            base.areas = areas;
        }
        if self.followup_months.is_some() {
            base.followup_interval_months = self.followup_months;
        }
        if let Some(names) = self.parties {
            let ids = names
                .iter()
                .map(|n| parties::find(store.conn(), n).map(|p| p.id))
                .collect::<samdok::Result<Vec<PartyId>>>()
                .map_err(|e| match e {
                    Error::Invalid(mut errors) => {
                        errors.iter_mut().for_each(|fe| fe.field = "parties".into());
                        Error::Invalid(errors)
                    }
                    other => other,
                })?;
            base.parties = Some(ids);
        }
        Ok(base)
    }
}

pub fn run(store: &mut Store, command: DocCommand) -> Outcome {
    match command {
        DocCommand::Add { fields, json } => {
            let input = fields.apply(store, DocumentInput::default())?;
            let id = register::create(store, &input)?;
            if json {
                output::json(&serde_json::json!({ "id": id }))
            } else {
                out!("{id}");
                Ok(())
            }
        }
        DocCommand::Edit { id, fields } => {
            // Only the options given are changed, on the version as it is
            // when the change is written: an edit of another field made
            // meanwhile (in the window, another command) is kept.
            let given = fields.given();
            let input = fields.apply(store, DocumentInput::default())?;
            let patch = register::DocumentPatch::only(&input, &given);
            let changed = register::update_fields(store, DocumentId(id), &patch, None)?;
            if changed.is_empty() {
                out!("Inget ändrades.");
            } else {
                let labels: Vec<&str> = changed.iter().map(|f| register::field_label(f)).collect();
                out!("Ändrade: {}", labels.join(", "));
            }
            Ok(())
        }
        DocCommand::List { query, view, json } => {
            let base = match view {
                Some(name) => register::views::get(store.conn(), &name)?.query,
                None => ListQuery::default(),
            };
            let query = query.apply(base)?;
            let rows = register::list(store.conn(), &query, time::today())?;
            if json {
                return output::json(&rows.rows);
            }
            for r in rows {
                let adopted = r.adoption.as_ref().map_or("", |a| a.text.as_str());
                out!(
                    "{:>4}  {:<16}  {:<28}  {:>10}  {:<20}  {}",
                    r.id.0,
                    r.doc_type_name,
                    r.stage_name,
                    r.valid_to.map(|d| d.to_string()).unwrap_or_default(),
                    adopted,
                    r.title
                );
            }
            Ok(())
        }
        DocCommand::Show { id, json } => {
            let detail = register::get(store.conn(), DocumentId(id), time::today())?;
            if json {
                return output::json(&detail);
            }
            let v = &detail.current;
            let f = &v.fields;
            let all = parties::list(store.conn())?;
            let party_names: Vec<&str> = f
                .parties
                .iter()
                .filter_map(|id| all.iter().find(|p| p.id == *id).map(|p| p.name.as_str()))
                .collect();
            let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            out!("{}", f.title);
            for (label, value) in [
                ("Dokumenttyp", v.doc_type_name.clone()),
                ("Version", v.version_no.to_string()),
                ("Steg", v.stage_name.clone()),
                ("Giltighet", detail.validity_name.clone()),
                ("Framtagen inom", f.developed_within.clone()),
                ("Organisation", f.organisation.clone()),
                ("Dokumentägare", f.owner.clone()),
                ("Fastställare", f.approver.clone()),
                ("Giltig fr.o.m.", date(f.valid_from)),
                ("Giltig t.o.m.", date(f.valid_to)),
                ("Gäller för", v.area_names.join(", ")),
                ("Utarbetad av", f.prepared_by.clone()),
                (
                    "Ingående parter",
                    format!(
                        "{} av {}: {}",
                        party_names.len(),
                        all.len(),
                        party_names.join(", ")
                    ),
                ),
                ("Diarienummer", f.diarienummer.clone().unwrap_or_default()),
            ] {
                out!("  {label:<16} {value}");
            }
            if let Some(adoption) = samdok::rounds::adoption(store.conn(), DocumentId(id))? {
                out!("  {:<16} {}", "Antagande", adoption.tally.text);
                if !adoption.not_adopted.is_empty() {
                    out!(
                        "  {:<16} {}",
                        "Ej antagen av",
                        adoption.not_adopted.join(", ")
                    );
                }
                if !adoption.undecided.is_empty() {
                    out!(
                        "  {:<16} {}",
                        "Inte beslutat",
                        adoption.undecided.join(", ")
                    );
                }
            }
            out!("Historik:");
            for h in &lifecycle::history(store.conn(), DocumentId(id))? {
                out!(
                    "  {}  v{}  {}  ({}) {}",
                    h.on_date,
                    h.version_no,
                    h.to_stage_name,
                    h.actor,
                    h.comment
                );
            }
            Ok(())
        }
        DocCommand::Stage {
            id,
            stage,
            comment,
            date,
        } => {
            let on_date = time::parse_date("on_date", "Datum", date.as_deref())?;
            lifecycle::set_stage(store, DocumentId(id), &stage, &comment, on_date)?;
            let detail = register::current_version(store.conn(), DocumentId(id))?;
            out!("{}: {}", detail.fields.title, detail.stage_name);
            Ok(())
        }
        DocCommand::Lifecycle { id, json } => crate::lifecycle::show(store, id, json),
        DocCommand::Revise { id, comment } => {
            let version = register::open_revision(store, DocumentId(id), &comment)?;
            out!("Version {version} påbörjad.");
            Ok(())
        }
    }
}

/// The register's filter, sort and search, as `doc list` and `view save`
/// take them.
#[derive(clap::Args, Default)]
pub struct ListArgs {
    /// Sök på ord i titel, anteckningar, dokumentägare eller diarienummer
    #[arg(long)]
    pub search: Option<String>,
    /// Sortera efter: title, type, stage, owner, diarienummer, valid-from, valid-to, version, updated
    #[arg(long)]
    pub sort: Option<String>,
    /// Fallande ordning
    #[arg(long)]
    pub desc: bool,
    #[arg(long = "type")]
    pub doc_type: Option<String>,
    #[arg(long)]
    pub stage: Option<String>,
    #[arg(long)]
    pub area: Option<String>,
    /// gallande, gar-ut, utgangen, kommande eller ej-angiven
    #[arg(long)]
    pub validity: Option<String>,
    /// Antagande: vantar (någon part har inte beslutat), alla (antagen av
    /// alla) eller ingen (ingen antagandeomgång)
    #[arg(long)]
    pub adoption: Option<String>,
}

impl ListArgs {
    /// `base` (a saved view, or the whole register) with the options given
    /// here on top; unknown codes refused in Swedish.
    pub fn apply(self, base: ListQuery) -> samdok::Result<ListQuery> {
        let reference = samdok::assets::reference()?;
        let mut query = base;
        if let Some(search) = self.search {
            query.search = Some(search);
        }
        if let Some(sort) = self.sort {
            query.sort = SortField::parse(&sort).ok_or_else(|| {
                Error::invalid(
                    "sort",
                    format!(
                        "Okänt sorteringsfält «{sort}». Välj ett av: {}.",
                        SortField::NAMES.join(", ")
                    ),
                )
            })?;
            query.descending = self.desc;
        } else if self.desc {
            query.descending = true;
        }
        if let Some(t) = self.doc_type {
            let code = reference
                .find_document_type(&t)
                .map(|c| c.code.clone())
                .ok_or_else(|| Error::invalid("doc_type", format!("Okänd dokumenttyp «{t}».")))?;
            query.doc_type = Some(code);
        }
        if let Some(s) = self.stage {
            let code = reference
                .find_stage(&s)
                .map(|st| st.code.clone())
                .ok_or_else(|| Error::invalid("stage", format!("Okänt steg «{s}».")))?;
            query.stage = Some(code);
        }
        if let Some(area) = self.area {
            query.area = Some(area);
        }
        if let Some(v) = self.validity {
            query.validity = Some(ValidityFilter::parse(&v).ok_or_else(|| {
                Error::invalid(
                    "validity",
                    format!(
                        "Okänd giltighet «{v}». Välj gallande, gar-ut, utgangen, kommande eller ej-angiven."
                    ),
                )
            })?);
        }
        if let Some(a) = self.adoption {
            query.adoption = Some(register::AdoptionFilter::parse(&a).ok_or_else(|| {
                Error::invalid(
                    "adoption",
                    format!("Okänt antagandefilter «{a}». Välj vantar, alla eller ingen."),
                )
            })?);
        }
        Ok(query)
    }
}

#[derive(clap::Subcommand)]
pub enum ViewCommand {
    /// Spara registrets filter, sortering och sökning under ett namn
    Save {
        name: String,
        #[command(flatten)]
        query: ListArgs,
        /// Ersätt en vy med samma namn
        #[arg(long)]
        replace: bool,
        #[arg(long)]
        json: bool,
    },
    /// Lista de sparade vyerna i svensk ordning
    List {
        #[arg(long)]
        json: bool,
    },
    /// Ta bort en sparad vy
    Remove { name: String },
}

/// `samdok view …`: the register's saved views.
pub fn view(store: &mut Store, command: ViewCommand) -> Outcome {
    match command {
        ViewCommand::Save {
            name,
            query,
            replace,
            json,
        } => {
            let query = query.apply(ListQuery::default())?;
            let saved = register::views::save(store, &name, &query, replace)?;
            if json {
                return output::json(&saved);
            }
            out!("Vyn «{}» sparad", saved.name);
            Ok(())
        }
        ViewCommand::List { json } => {
            let views = register::views::list(store.conn())?;
            if json {
                return output::json(&views);
            }
            for v in &views {
                let q = serde_json::to_string(&v.query).unwrap_or_default();
                out!("{:<32} {q}", v.name);
            }
            Ok(())
        }
        ViewCommand::Remove { name } => {
            register::views::remove(store, &name)?;
            out!("Vyn «{}» är borttagen.", name.trim());
            Ok(())
        }
    }
}
