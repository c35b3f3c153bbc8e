//! Demo data, created on the first start of an empty data folder through the same
//! use cases as real sign-ups: providers of several kinds in several cities, a
//! client and an admin. Their passwords are printed in the console. The notifier
//! indexes the providers for the search as it follows the change log.

use estrade::accounts::{Account, model, signup, verify};
use estrade::app::App;
use estrade::auth::{Role, passwords, secrets};
use estrade::profiles::model::{
    BookingKind, ClientProfile, Member, Offer, Profile, ProviderProfile, Service,
};
use estrade::profiles::update;

pub const PASSWORD: &str = "estrade-demo-2026";

fn provider(
    stage_name: &str,
    kind: &str,
    city: &str,
    regions: &[&str],
    presentation: &str,
    services: &[(&str, u64)],
) -> Profile {
    Profile::Provider(
        ProviderProfile {
            stage_name: stage_name.into(),
            kind: kind.into(),
            presentation: presentation.into(),
            city: city.into(),
            all_france: regions.is_empty(),
            regions: regions.iter().map(|r| r.to_string()).collect(),
            services: services
                .iter()
                .map(|(name, cents)| Service {
                    name: name.to_string(),
                    price_cents: *cents,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
        // Resolves the city and regions to their INSEE codes, as a saved profile does: the
        // demo providers are found by the search.
        .validated()
        .expect("demo profiles are valid"),
    )
}

fn accounts() -> Vec<(&'static str, &'static str, Role, Profile)> {
    let mut trio = provider(
        "Trio Sirocco",
        "jazz manouche",
        "Saint-Étienne",
        &["Auvergne-Rhône-Alpes"],
        "Trois musiciens, un swing léger pour les salons et les jardins.",
        &[
            ("Concert en salon (2 × 45 min)", 60_000),
            ("Cocktail de mariage", 90_000),
        ],
    );
    if let Profile::Provider(p) = &mut trio {
        p.members = vec![
            Member {
                name: "Lucie".into(),
                role: "guitare".into(),
            },
            Member {
                name: "Hugo".into(),
                role: "contrebasse".into(),
            },
            Member {
                name: "Inès".into(),
                role: "violon".into(),
            },
        ];
        p.offer = Offer {
            venue_kinds: "salon, jardin, petite salle".into(),
            duration: "1 h 30".into(),
        };
        p.price_text = "à partir de 600 €".into();
    }
    let mut photo = provider(
        "Claire Dubois Photographie",
        "photographe de mariage",
        "Nantes",
        &["Pays de la Loire", "Bretagne"],
        "Reportage photo de mariage et d'événements, galerie privée livrée sous trois semaines.",
        &[("Reportage journée", 180_000), ("Séance portrait", 35_000)],
    );
    if let Profile::Provider(p) = &mut photo {
        // The portrait is a one-hour session, half an hour kept free around it.
        p.services[1].booking = BookingKind::Session {
            minutes: 60,
            buffer_minutes: 30,
        };
    }
    vec![
        ("trio@estrade.test", "Lucie Martin", Role::Provider, trio),
        (
            "dj@estrade.test",
            "Karim Benali",
            Role::Provider,
            provider(
                "DJ Nova",
                "DJ électro, house",
                "Orléans",
                &[],
                "Des sets électro et house pour les soirées d'entreprise et les mariages, partout en France.",
                &[("Soirée (5 h)", 120_000)],
            ),
        ),
        ("photo@estrade.test", "Claire Dubois", Role::Provider, photo),
        (
            "traiteur@estrade.test",
            "Marc Lefèvre",
            Role::Provider,
            provider(
                "Saveurs Végétales",
                "traiteur végétarien",
                "Lyon",
                &["Auvergne-Rhône-Alpes"],
                "Buffets et cocktails végétariens de saison, de 20 à 300 convives.",
                &[("Cocktail (par personne)", 2_800)],
            ),
        ),
        (
            "camille@estrade.test",
            "Camille Roux",
            Role::Client,
            Profile::Client(ClientProfile {
                name: "Camille Roux".into(),
                city: "Orléans".into(),
                venue_description: "Un grand salon avec piano, 40 invités assis.".into(),
            }),
        ),
        (
            "admin@estrade.test",
            "Admin Estrade",
            Role::Admin,
            Profile::Client(ClientProfile {
                name: "Admin Estrade".into(),
                ..Default::default()
            }),
        ),
    ]
}

/// Creates the demo accounts unless they exist; prints how to log in.
pub async fn seed(app: &App) -> Result<(), Box<dyn std::error::Error>> {
    let list = accounts();
    if model::find_by_email(app, list[0].0).await?.is_none() {
        let hash = passwords::hash(PASSWORD).await?;
        for (email, name, role, profile) in &list {
            let account = Account {
                id: secrets::new_id(),
                email: email.to_string(),
                role: *role,
                name: name.to_string(),
                password_hash: hash.clone(),
                email_verified: false,
                session_epoch: 0,
                notify_by_email: true,
                lang: "fr".into(),
                created_at: app.clock.now(),
            };
            let token = signup::create(app, &account).await?;
            verify::run(app, &token).await?;
            let edit = update::Edit {
                user_id: account.id.clone(),
                profile: profile.clone(),
                notify_by_email: None,
            };
            update::run(app, edit).await?;
        }
    }
    println!("Demo accounts (password for all: {PASSWORD}):");
    for (email, _, role, _) in &list {
        println!("  {email:<24} {role:?}");
    }
    Ok(())
}
