//! The platform's model contract, in French, for a performance or photography engagement:
//! offered to every provider as a starting point, and clearly marked as a model to adapt.
//! (Narrow no-break spaces before `:` `;` `?` `!` and inside « », as French typography
//! wants.)

/// The model's name, as the templates list shows it.
pub const NAME: &str = "Modèle Estrade — prestation artistique ou photographique";

/// The model's text (`super::markup`).
pub const TEXT: &str = "\
# Contrat de prestation

**Modèle proposé par Estrade, à adapter\u{202f}: relisez chaque clause et modifiez-la selon votre activité avant de l'envoyer. Ce modèle ne remplace pas le conseil d'un professionnel du droit.**

Entre **{{provider.name}}**, ci-après «\u{a0}le prestataire\u{a0}», et **{{client.name}}**, ci-après «\u{a0}le client\u{a0}», il est convenu ce qui suit.

## 1. Objet

Le prestataire s'engage à réaliser la prestation «\u{a0}{{service.name}}\u{a0}» pour {{event.name}}, dans les conditions décrites ci-dessous.

## 2. Date et lieu

La prestation a lieu le {{date}} ({{time}}), à l'adresse suivante\u{202f}: {{place}}. Le client s'assure que le lieu est accessible au prestataire et à son matériel à l'heure convenue.

## 3. Prix et modalités de paiement

Le prix convenu est de **{{price}}** TTC. Un acompte de 30\u{a0}% est versé à la signature du présent contrat\u{202f}; le solde est réglé au plus tard le jour de la prestation. Les frais de déplacement au-delà de 50\u{a0}km sont à la charge du client, sur justificatif.

## 4. Annulation

- Par le client plus de 60 jours avant la date\u{202f}: l'acompte est remboursé, déduction faite des frais engagés.
- Par le client moins de 60 jours avant la date\u{202f}: l'acompte reste acquis au prestataire.
- Par le prestataire, sauf force majeure\u{202f}: les sommes versées sont remboursées intégralement et le prestataire aide le client à trouver un remplaçant.

## 5. Droit à l'image et propriété intellectuelle

Le prestataire reste l'auteur de ses œuvres (photographies, enregistrements). Il cède au client, pour un usage privé et non commercial, le droit de reproduire et de diffuser les fichiers livrés. Le prestataire peut utiliser une sélection d'images pour sa promotion, sauf refus écrit du client ou de toute personne photographiée.

## 6. Livraison

Les fichiers sont livrés dans la galerie privée du projet sur Estrade, dans un délai de 6 semaines après la prestation. Le client les télécharge dans les 12 mois qui suivent la livraison.

## 7. Force majeure

Aucune des parties n'est responsable d'un manquement dû à un événement de force majeure au sens de l'article 1218 du Code civil. La partie empêchée prévient l'autre sans délai\u{202f}; les sommes versées sont alors remboursées, ou la prestation reportée d'un commun accord.

## 8. Signature

Le présent contrat est signé électroniquement sur Estrade par les deux parties, le {{today}} ou après. Chaque signature est vérifiée par un code envoyé à l'adresse email du signataire.
";
