<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Shop Sync</source>
        <translation>À propos de Shop Sync</translation>
    </message>
    <message>
        <source>Shop Sync %1</source>
        <translation>Shop Sync %1</translation>
    </message>
    <message>
        <source>Keeps your local customers and sales in step with your Shopify store.</source>
        <translation>Garde vos clients et ventes locaux en accord avec votre boutique Shopify.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Qt %1 (PySide6 %2), Python %3</source>
        <translation>Qt %1 (PySide6 %2), Python %3</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version&#xa0;:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Dossier des données&#xa0;:</translation>
    </message>
    <message>
        <source>Log folder:</source>
        <translation>Dossier des journaux&#xa0;:</translation>
    </message>
    <message>
        <source>Runs on:</source>
        <translation>Fonctionne avec&#xa0;:</translation>
    </message>
</context>
<context>
    <name>CancelOrderDialog</name>
    <message>
        <source>The customer changed or cancelled the order</source>
        <extracomment>Shopify&apos;s OrderCancelReason values and their labels.</extracomment>
        <translation>Le client a modifié ou annulé la commande</translation>
    </message>
    <message>
        <source>Items unavailable</source>
        <translation>Articles indisponibles</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>Paiement refusé</translation>
    </message>
    <message>
        <source>Fraudulent order</source>
        <translation>Commande frauduleuse</translation>
    </message>
    <message>
        <source>Staff error</source>
        <translation>Erreur du personnel</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Cancel order %1</source>
        <translation>Annuler la commande %1</translation>
    </message>
    <message>
        <source>Shopify cancels order %1 and stops its fulfillment. This cannot be undone.</source>
        <translation>Shopify annule la commande %1 et arrête son traitement. Cette opération est irréversible.</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Restock the items</source>
        <translation>Remettre les articles en stock</translation>
    </message>
    <message>
        <source>Put the ordered quantities back into stock at their locations</source>
        <translation>Remet les quantités commandées en stock dans leurs emplacements</translation>
    </message>
    <message>
        <source>Refund the payment to the original payment method</source>
        <translation>Rembourser le paiement sur le moyen de paiement d’origine</translation>
    </message>
    <message>
        <source>Nothing has been paid on this order yet</source>
        <translation>Rien n’a encore été payé sur cette commande</translation>
    </message>
    <message>
        <source>Send the customer a cancellation e-mail</source>
        <translation>Envoyer au client un e-mail d’annulation</translation>
    </message>
    <message>
        <source>Only staff see this note</source>
        <translation>Seul le personnel voit cette note</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif&#xa0;:</translation>
    </message>
    <message>
        <source>Staff &amp;note:</source>
        <translation>&amp;Note interne&#xa0;:</translation>
    </message>
    <message>
        <source>A sales document was already made from this order. After the cancellation the order is marked with a conflict: update or delete the document, then mark the conflict resolved.</source>
        <translation>Un document de vente a déjà été créé à partir de cette commande. Après l’annulation, la commande sera signalée en conflit&#xa0;: mettez à jour ou supprimez le document, puis marquez le conflit comme résolu.</translation>
    </message>
    <message>
        <source>Cancel Order</source>
        <translation>Annuler la commande</translation>
    </message>
    <message>
        <source>Keep Order</source>
        <translation>Conserver la commande</translation>
    </message>
</context>
<context>
    <name>CompaniesTab</name>
    <message>
        <source>The business customers (B2B companies) of your Shopify store, each linked to a local customer of category organisation, with their locations and contacts.</source>
        <translation>Les clients professionnels (sociétés B2B) de votre boutique Shopify, chacun lié à un client local de catégorie organisation, avec leurs sites et leurs interlocuteurs.</translation>
    </message>
    <message>
        <source>Sync Companies</source>
        <translation>Synchroniser les sociétés</translation>
    </message>
    <message>
        <source>Bring the companies, their locations and contacts from Shopify and send the local organisations the Shop Card allows (F5)</source>
        <translation>Récupérer de Shopify les sociétés, leurs sites et leurs interlocuteurs, et envoyer les organisations locales que la fiche magasin autorise (F5)</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Sociétés</translation>
    </message>
    <message>
        <source>No companies yet.

Sync Companies brings the business customers of your Shopify store, with their locations and contacts, when the Shop Card&apos;s “Company import from Shopify” is “All (on Sync)”.</source>
        <translation>Aucune société pour l’instant.

Synchroniser les sociétés récupère les clients professionnels de votre boutique Shopify, avec leurs sites et leurs interlocuteurs, quand «&#xa0;Importation société à partir de Shopify&#xa0;» vaut «&#xa0;Tous (à la synchronisation)&#xa0;» sur la fiche magasin.</translation>
    </message>
    <message>
        <source>Companies: %1</source>
        <translation>Sociétés&#xa0;: %1</translation>
    </message>
    <message>
        <source>Sync Companies done: %1.</source>
        <translation>Synchronisation des sociétés terminée&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The sync log lists each failed company.</source>
        <translation>Le journal de synchronisation liste chaque société en échec.</translation>
    </message>
</context>
<context>
    <name>CompanyDetailsView</name>
    <message>
        <source>Locations</source>
        <translation>Sites</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Shipping address</source>
        <translation>Adresse de livraison</translation>
    </message>
    <message>
        <source>Billing address</source>
        <translation>Adresse de facturation</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>Conditions de paiement</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Interlocuteurs</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Select a company to see its locations and contacts.</source>
        <translation>Sélectionnez une société pour voir ses sites et ses interlocuteurs.</translation>
    </message>
    <message>
        <source>%1 · Locations: %2 · Contacts: %3</source>
        <translation>%1 · Sites&#xa0;: %2 · Interlocuteurs&#xa0;: %3</translation>
    </message>
    <message>
        <source>Main contact</source>
        <translation>Interlocuteur principal</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
</context>
<context>
    <name>CompanyTableModel</name>
    <message>
        <source>Company</source>
        <extracomment>The company GID of the row.</extracomment>
        <translation>Société</translation>
    </message>
    <message>
        <source>Local customer</source>
        <translation>Client local</translation>
    </message>
    <message>
        <source>Shopify link</source>
        <translation>Lien Shopify</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>Sites</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Interlocuteurs</translation>
    </message>
    <message>
        <source>Last sync problem</source>
        <translation>Dernier problème de synchronisation</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>Liée</translation>
    </message>
    <message>
        <source>Not linked</source>
        <translation>Non liée</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>À vérifier</translation>
    </message>
</context>
<context>
    <name>ConflictsView</name>
    <message>
        <source>(blank)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Local value</source>
        <translation>Valeur locale</translation>
    </message>
    <message>
        <source>Shopify value</source>
        <translation>Valeur Shopify</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflits</translation>
    </message>
    <message>
        <source>No conflicts.

With both “Shopify can update customers” and “Can update Shopify customers” on, a field changed both here and in Shopify since the last sync is listed here: neither side is overwritten until you choose.</source>
        <translation>Aucun conflit.

Avec « Shopify peut mettre à jour les clients » et « Peut mettre à jour les clients Shopify » tous deux activés, un champ modifié à la fois ici et dans Shopify depuis la dernière synchronisation est présenté ici : aucun côté n’est écrasé avant votre choix.</translation>
    </message>
    <message>
        <source>Keep &amp;local</source>
        <translation>Garder &amp;local</translation>
    </message>
    <message>
        <source>Keep the local value of the current row and send it to Shopify</source>
        <translation>Garder la valeur locale de la ligne courante et l’envoyer à Shopify</translation>
    </message>
    <message>
        <source>Keep Sho&amp;pify</source>
        <translation>Garder Sho&amp;pify</translation>
    </message>
    <message>
        <source>Keep Shopify&apos;s value of the current row and write it to the local customer</source>
        <translation>Garder la valeur de Shopify de la ligne courante et l’écrire dans le client local</translation>
    </message>
    <message>
        <source>Conflicts: %1</source>
        <translation>Conflits : %1</translation>
    </message>
    <message>
        <source>Select a conflict first.</source>
        <translation>Sélectionnez d’abord un conflit.</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Rien n’a été modifié.</translation>
    </message>
    <message>
        <source>Customer %1: the local %2 was kept and sent to Shopify.</source>
        <translation>Client %1 : la valeur locale de « %2 » a été gardée et envoyée à Shopify.</translation>
    </message>
    <message>
        <source>Customer %1: Shopify&apos;s %2 was kept and written here.</source>
        <translation>Client %1 : la valeur de Shopify de « %2 » a été gardée et écrite ici.</translation>
    </message>
</context>
<context>
    <name>ConnectStoreDialog</name>
    <message>
        <source>Connect your store</source>
        <translation>Connecter votre boutique</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <extracomment>What the last successful test was run with, and what the shop answered.</extracomment>
        <translation>&amp;Terminer</translation>
    </message>
    <message>
        <source>The secret holds spaces or characters no Shopify secret has: paste it again.</source>
        <translation>Le secret contient des espaces ou des caractères qu’aucun secret Shopify ne contient : collez-le à nouveau.</translation>
    </message>
    <message>
        <source>Shopify refused the client ID or secret: copy both again from the app&apos;s Settings in the Dev Dashboard, and check that the app is installed on this store.</source>
        <translation>Shopify a refusé l’ID client ou le secret : copiez-les à nouveau depuis les Settings de l’application dans le Dev Dashboard, et vérifiez que l’application est installée sur cette boutique.</translation>
    </message>
    <message>
        <source>Shopify refused the access token: check that you copied all of it, and that the app is installed on this store.</source>
        <translation>Shopify a refusé le jeton d’accès : vérifiez que vous l’avez copié en entier et que l’application est installée sur cette boutique.</translation>
    </message>
    <message>
        <source>The store did not answer: check its address and your internet connection, then test again.</source>
        <translation>La boutique n’a pas répondu : vérifiez son adresse et votre connexion internet, puis testez à nouveau.</translation>
    </message>
</context>
<context>
    <name>ConnectionBox</name>
    <message>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Nom du magasin</translation>
    </message>
    <message>
        <source>My Shopify store</source>
        <translation>Ma boutique Shopify</translation>
    </message>
    <message>
        <source>Demo shop (built in)</source>
        <translation>Magasin de démonstration (intégré)</translation>
    </message>
    <message>
        <source>Where the shop is</source>
        <translation>Emplacement du magasin</translation>
    </message>
    <message>
        <source>NAME.myshopify.com</source>
        <translation>NOM.myshopify.com</translation>
    </message>
    <message>
        <source>Shopify address</source>
        <translation>Adresse Shopify</translation>
    </message>
    <message>
        <source>Your shop&apos;s permanent address, NAME.myshopify.com (not a custom domain)</source>
        <translation>L’adresse permanente de votre boutique, NOM.myshopify.com (pas un domaine personnalisé)</translation>
    </message>
    <message>
        <source>Admin API access token</source>
        <translation>Jeton d’accès à l’API Admin</translation>
    </message>
    <message>
        <source>Client ID and secret</source>
        <translation>ID client et secret</translation>
    </message>
    <message>
        <source>For apps that use Shopify&apos;s client credentials grant</source>
        <translation>Pour les applications qui utilisent l’octroi «&#xa0;client credentials&#xa0;» de Shopify</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentification</translation>
    </message>
    <message>
        <source>Goes to the keyring only; it is never shown again</source>
        <translation>Enregistré uniquement dans le trousseau&#xa0;; il ne sera plus jamais affiché</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>ID client</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secret client</translation>
    </message>
    <message>
        <source>Forget stored secret</source>
        <translation>Oublier le secret enregistré</translation>
    </message>
    <message>
        <source>Shop code:</source>
        <translation>Code magasin&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>S&amp;hop:</source>
        <translation>Ma&amp;gasin&#xa0;:</translation>
    </message>
    <message>
        <source>Shopify &amp;address:</source>
        <translation>&amp;Adresse Shopify&#xa0;:</translation>
    </message>
    <message>
        <source>A&amp;uthentication:</source>
        <translation>A&amp;uthentification&#xa0;:</translation>
    </message>
    <message>
        <source>Access &amp;token:</source>
        <translation>&amp;Jeton d’accès&#xa0;:</translation>
    </message>
    <message>
        <source>Client &amp;ID:</source>
        <translation>&amp;ID client&#xa0;:</translation>
    </message>
    <message>
        <source>Client s&amp;ecret:</source>
        <translation>S&amp;ecret client&#xa0;:</translation>
    </message>
    <message>
        <source>The demo shop needs no token.</source>
        <translation>Le magasin de démonstration n’a pas besoin de jeton.</translation>
    </message>
    <message>
        <source>A token is kept for this session only.</source>
        <translation>Un jeton est conservé pour cette session uniquement.</translation>
    </message>
    <message>
        <source>A token is stored in the system keyring.</source>
        <translation>Un jeton est enregistré dans le trousseau système.</translation>
    </message>
    <message>
        <source>A client secret is kept for this session only.</source>
        <translation>Un secret client est conservé pour cette session uniquement.</translation>
    </message>
    <message>
        <source>A client secret is stored in the system keyring.</source>
        <translation>Un secret client est enregistré dans le trousseau système.</translation>
    </message>
    <message>
        <source>No token stored yet.</source>
        <translation>Aucun jeton enregistré pour l’instant.</translation>
    </message>
    <message>
        <source>No client secret stored yet.</source>
        <translation>Aucun secret client enregistré pour l’instant.</translation>
    </message>
    <message>
        <source>Stored: type a new one to replace it</source>
        <translation>Enregistré&#xa0;: saisissez-en un nouveau pour le remplacer</translation>
    </message>
    <message>
        <source>Paste it here</source>
        <translation>Collez-le ici</translation>
    </message>
    <message>
        <source>Shopify address: %1</source>
        <translation>Adresse Shopify&#xa0;: %1</translation>
    </message>
    <message>
        <source>Client ID: needed for the client credentials method.</source>
        <translation>ID client&#xa0;: obligatoire pour la méthode «&#xa0;client credentials&#xa0;».</translation>
    </message>
</context>
<context>
    <name>ConnectionTestBox</name>
    <message>
        <source>Connection test</source>
        <translation>Test de connexion</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Ask the shop who it is and which access the app has (Ctrl+T)</source>
        <translation>Demande au magasin son identité et les accès dont dispose l’application (Ctrl+T)</translation>
    </message>
    <message>
        <source>Shop name:</source>
        <translation>Nom du magasin&#xa0;:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse&#xa0;:</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>Forfait&#xa0;:</translation>
    </message>
    <message>
        <source>Country:</source>
        <translation>Pays :</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Devise&#xa0;:</translation>
    </message>
    <message>
        <source>API version:</source>
        <translation>Version de l’API&#xa0;:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Fuseau horaire&#xa0;:</translation>
    </message>
    <message>
        <source>Missing access:</source>
        <translation>Accès manquants&#xa0;:</translation>
    </message>
    <message>
        <source>Checked:</source>
        <translation>Vérifié le&#xa0;:</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Jamais</translation>
    </message>
    <message>
        <source>Demo shop</source>
        <translation>Magasin de démonstration</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <source>Stop test</source>
        <translation>Arrêter le test</translation>
    </message>
    <message>
        <source>Stop the test; nothing is saved</source>
        <translation>Arrêter le test ; rien n’est enregistré</translation>
    </message>
    <message>
        <source>Stopped: nothing was tested or saved.</source>
        <translation>Arrêté : rien n’a été testé ni enregistré.</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>Just now: the connection works.</source>
        <translation>À l’instant&#xa0;: la connexion fonctionne.</translation>
    </message>
    <message>
        <source>Add these access scopes to the app in your Shopify admin, then test again</source>
        <translation>Ajoutez ces autorisations d’accès à l’application dans l’administration Shopify, puis testez de nouveau</translation>
    </message>
    <message>
        <source>None: the app has every access it needs</source>
        <translation>Aucun&#xa0;: l’application dispose de tous les accès nécessaires</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Shop Sync: unexpected error</source>
        <translation>Shop Sync&#xa0;: erreur inattendue</translation>
    </message>
    <message>
        <source>Something went wrong that Shop Sync did not expect. Your data is safe: each change is saved all at once or not at all. You can keep working; if it happens again, send the details below to support.</source>
        <translation>Shop Sync a rencontré un problème imprévu. Vos données ne risquent rien&#xa0;: chaque modification est enregistrée entièrement ou pas du tout. Vous pouvez continuer à travailler&#xa0;; si le problème se reproduit, envoyez les détails ci-dessous au support.</translation>
    </message>
    <message>
        <source>The full report is also in the log file:
%1</source>
        <translation>Le rapport complet figure aussi dans le fichier journal&#xa0;:
%1</translation>
    </message>
    <message>
        <source>No log file is being written.</source>
        <translation>Aucun fichier journal n’est en cours d’écriture.</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Détails de l’erreur</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>&amp;Copier les détails</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
</context>
<context>
    <name>CustomerDialog</name>
    <message>
        <source>&amp;Name:</source>
        <extracomment>The fields of the form, in order: (CSV column, label with its mnemonic and colon).</extracomment>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Name &amp;2:</source>
        <translation>Nom &amp;2&#xa0;:</translation>
    </message>
    <message>
        <source>C&amp;ontact:</source>
        <translation>C&amp;ontact&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse&#xa0;:</translation>
    </message>
    <message>
        <source>Address 2:</source>
        <translation>Adresse 2&#xa0;:</translation>
    </message>
    <message>
        <source>C&amp;ity:</source>
        <translation>V&amp;ille&#xa0;:</translation>
    </message>
    <message>
        <source>Co&amp;unty:</source>
        <translation>&amp;Région&#xa0;:</translation>
    </message>
    <message>
        <source>Countr&amp;y:</source>
        <translation>Pa&amp;ys&#xa0;:</translation>
    </message>
    <message>
        <source>Post co&amp;de:</source>
        <translation>Code &amp;postal&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>&amp;Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>Caté&amp;gorie&#xa0;:</translation>
    </message>
    <message>
        <source>%1: required.</source>
        <extracomment>What a refused value reads like, by `FieldProblem.code`: %1 the field, %2 the value, %3 the longest length, %4 the check&apos;s own (English) text.</extracomment>
        <translation>%1&#xa0;: obligatoire.</translation>
    </message>
    <message>
        <source>%1: longer than %3 characters.</source>
        <translation>%1&#xa0;: plus de %3 caractères.</translation>
    </message>
    <message>
        <source>%1: “%2” is not a known country (an ISO code such as FR, or its English name).</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est pas un pays connu (un code ISO comme FR, ou son nom anglais).</translation>
    </message>
    <message>
        <source>%1: “%2” is not a county of the customer&apos;s country.</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est pas une région du pays du client.</translation>
    </message>
    <message>
        <source>%1: there is no customer template “%2”.</source>
        <translation>%1&#xa0;: il n’existe pas de modèle client «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1: “%2” is not person or organisation.</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est ni particulier ni organisation.</translation>
    </message>
    <message>
        <source>%1: “%2” is not a valid e-mail address.</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est pas une adresse e-mail valide.</translation>
    </message>
    <message>
        <source>%1: “%2” is not a phone number that can be dialled.</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est pas un numéro de téléphone composable.</translation>
    </message>
    <message>
        <source>%1: %4</source>
        <translation>%1&#xa0;: %4</translation>
    </message>
    <message>
        <source>Customer %1 %2</source>
        <translation>Client %1 %2</translation>
    </message>
    <message>
        <source>Number:</source>
        <translation>Numéro&#xa0;:</translation>
    </message>
    <message>
        <source>A change goes to Shopify at the next sync when the Shop Card allows updating Shopify customers.</source>
        <translation>Une modification part vers Shopify à la prochaine synchronisation si la fiche magasin autorise la mise à jour des clients Shopify.</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Historique…</translation>
    </message>
    <message>
        <source>Person</source>
        <extracomment>The history dialog opened from here (by the owner, on `history_requested`).</extracomment>
        <translation>Particulier</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Not saved:</source>
        <translation>Non enregistré&#xa0;:</translation>
    </message>
    <message>
        <source>Sales order %1</source>
        <extracomment>What uses a customer, by `CustomerUse.kind` (documents by their type): %1 the document, order or Shopify customer, %2 the shop card, %3 the country.</extracomment>
        <translation>Commande vente %1</translation>
    </message>
    <message>
        <source>Sales invoice %1</source>
        <translation>Facture vente %1</translation>
    </message>
    <message>
        <source>Credit memo %1</source>
        <translation>Avoir %1</translation>
    </message>
    <message>
        <source>Document %1</source>
        <translation>Document %1</translation>
    </message>
    <message>
        <source>Shopify order %1 of shop card %2 (no document yet)</source>
        <translation>Commande Shopify %1 de la fiche magasin %2 (pas encore de document)</translation>
    </message>
    <message>
        <source>The default customer of shop card %2</source>
        <translation>Le client par défaut de la fiche magasin %2</translation>
    </message>
    <message>
        <source>The default customer for %3 on shop card %2</source>
        <translation>Le client par défaut pour %3 sur la fiche magasin %2</translation>
    </message>
    <message>
        <source>Linked to Shopify customer %1 in shop card %2</source>
        <translation>Lié au client Shopify %1 dans la fiche magasin %2</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <source>Pick</source>
        <extracomment>The customer number of the row (for actions on the selection). After a reload, at most this many rows are read again to keep the scroll position. The store&apos;s sort key of each column (the name `list_customers(order_by=)` takes): every column sorts in SQL, the pick column by the ticks (`picked_nos`).</extracomment>
        <translation>Choix</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Shopify link</source>
        <translation>Lien Shopify</translation>
    </message>
    <message>
        <source>Match reason</source>
        <translation>Motif du mappage</translation>
    </message>
    <message>
        <source>Web upload</source>
        <translation>Envoi Web</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Tick customers, then Assign to Web Upload</source>
        <extracomment>A customer and what its link is (None: not linked, or no shop shown).</extracomment>
        <translation>Cochez des clients, puis choisissez «&#xa0;Ajouter à l’envoi Web&#xa0;»</translation>
    </message>
    <message>
        <source>Not linked to a Shopify customer</source>
        <translation>Non lié à un client Shopify</translation>
    </message>
    <message>
        <source>Linked: %1</source>
        <translation>Lié&#xa0;: %1</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Ajouté</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Entreprise</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Particulier</translation>
    </message>
</context>
<context>
    <name>CustomersTab</name>
    <message>
        <source>Local customers</source>
        <translation>Clients locaux</translation>
    </message>
    <message>
        <source>Shopify customers</source>
        <translation>Clients Shopify</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>À vérifier</translation>
    </message>
    <message>
        <source>Search by number, name, e-mail or phone</source>
        <translation>Rechercher par numéro, nom, e-mail ou téléphone</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Rechercher des clients</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Doublons</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflits</translation>
    </message>
    <message>
        <source>Link state</source>
        <translation>État du lien</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>Tous les clients</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>Liés</translation>
    </message>
    <message>
        <source>Not linked</source>
        <translation>Non liés</translation>
    </message>
    <message>
        <source>Needs review: on the local list, the customers named as candidates of a Shopify customer waiting for review; on the Shopify list, the customers waiting</source>
        <translation>À vérifier&#xa0;: dans la liste locale, les clients proposés comme candidats pour un client Shopify en attente de vérification&#xa0;; dans la liste Shopify, les clients en attente</translation>
    </message>
    <message>
        <source>Web upload only</source>
        <translation>Envoi Web uniquement</translation>
    </message>
    <message>
        <source>Only customers assigned to Web Upload</source>
        <translation>Seulement les clients ajoutés à l’envoi Web</translation>
    </message>
    <message>
        <source>Sync Customers</source>
        <translation>Synchroniser les clients</translation>
    </message>
    <message>
        <source>Bring customers from Shopify and send the local changes the Shop Card allows, with the customers assigned to Web Upload (F5)</source>
        <translation>Importe les clients depuis Shopify et envoie les modifications locales que la fiche magasin autorise, ainsi que les clients ajoutés à l’envoi Web (F5)</translation>
    </message>
    <message>
        <source>No local customers yet.

Import them from a spreadsheet with “shop-sync customers import FILE.csv”, or press Sync Customers to bring the customers of your Shopify store in (when the Shop Card&apos;s customer import is set to All).</source>
        <translation>Aucun client local pour l’instant.

Importez-les depuis un tableur avec «&#xa0;shop-sync customers import FICHIER.csv&#xa0;», ou cliquez sur «&#xa0;Synchroniser les clients&#xa0;» pour importer les clients de votre boutique Shopify (si l’importation client de la fiche magasin est réglée sur «&#xa0;Tous&#xa0;»).</translation>
    </message>
    <message>
        <source>Show checkboxes</source>
        <translation>Afficher les cases à cocher</translation>
    </message>
    <message>
        <source>Check all shown</source>
        <extracomment>The pick bar&apos;s buttons: object name, text, tooltip (&quot;&quot; none), in the context &quot;CustomersTab&quot;.</extracomment>
        <translation>Cocher tous les clients affichés</translation>
    </message>
    <message>
        <source>Uncheck all</source>
        <translation>Tout décocher</translation>
    </message>
    <message>
        <source>Assign to Web Upload</source>
        <translation>Ajouter à l’envoi Web</translation>
    </message>
    <message>
        <source>Remove from Web Upload</source>
        <translation>Retirer de l’envoi Web</translation>
    </message>
    <message>
        <source>Link to a Shopify customer…</source>
        <translation>Lier à un client Shopify…</translation>
    </message>
    <message>
        <source>Edit customer…</source>
        <translation>Modifier le client…</translation>
    </message>
    <message>
        <source>Delete customer…</source>
        <translation>Supprimer le client…</translation>
    </message>
    <message>
        <source>Tick every customer the search and filters show, including the ones further down the list</source>
        <translation>Coche tous les clients que la recherche et les filtres affichent, y compris ceux plus bas dans la liste</translation>
    </message>
    <message>
        <source>Hide checkboxes</source>
        <translation>Masquer les cases à cocher</translation>
    </message>
    <message>
        <source>Link…</source>
        <extracomment>The buttons below the list (the tab connects Link…, Edit… and Delete…).</extracomment>
        <translation>Lier…</translation>
    </message>
    <message>
        <source>Link the current customer to a Shopify customer, or unlink it</source>
        <translation>Lie le client courant à un client Shopify, ou supprime ce lien</translation>
    </message>
    <message>
        <source>The ticked customers (or the selected rows) go up to Shopify on the next sync. Right-click the list and choose Show checkboxes to tick them.</source>
        <translation>Les clients cochés (ou les lignes sélectionnées) sont envoyés à Shopify à la prochaine synchronisation. Pour les cocher, faites un clic droit sur la liste et choisissez «&#xa0;Afficher les cases à cocher&#xa0;».</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Change the current customer&apos;s fields</source>
        <translation>Modifier les champs du client sélectionné</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <source>Delete the current customer (asks first; refused while documents use it)</source>
        <translation>Supprimer le client sélectionné (demande d’abord&#xa0;; refusé tant que des documents l’utilisent)</translation>
    </message>
    <message>
        <source>Customers ticked: %1; the walk-in customer waits for your answer.</source>
        <translation>Clients cochés&#xa0;: %1&#xa0;; le client de passage attend votre réponse.</translation>
    </message>
    <message>
        <source>Customers ticked: %1, every one the list shows.</source>
        <translation>Clients cochés&#xa0;: %1, tous ceux que la liste affiche.</translation>
    </message>
    <message>
        <source>Ticked customers: %1 (ticks stay when you search again)</source>
        <translation>Clients cochés&#xa0;: %1 (les coches restent quand vous cherchez à nouveau)</translation>
    </message>
    <message>
        <source>Walk-in customer</source>
        <translation>Client de passage</translation>
    </message>
    <message>
        <source>Customer %1 is the shop card&apos;s walk-in default customer.</source>
        <translation>Le client %1 est le client de passage par défaut de la fiche boutique.</translation>
    </message>
    <message>
        <source>Orders without a customer are booked on it. Uploading it to Shopify is rarely wanted. Tick it for Web Upload anyway?</source>
        <translation>Les commandes sans client sont enregistrées à son nom. L’envoyer à Shopify est rarement souhaité. Le cocher quand même pour l’envoi Web&#xa0;?</translation>
    </message>
    <message>
        <source>No Shopify customers here yet.

Sync Customers brings them in when the Shop Card&apos;s customer import is set to All, and uploads add the ones they create.</source>
        <translation>Aucun client Shopify pour l’instant.

«&#xa0;Synchroniser les clients&#xa0;» les importe si l’importation client de la fiche magasin est réglée sur «&#xa0;Tous&#xa0;»&#xa0;; les envois ajoutent ceux qu’ils créent.</translation>
    </message>
    <message>
        <source>Link the current Shopify customer to a local customer, or unlink it</source>
        <translation>Lie le client Shopify courant à un client local, ou supprime ce lien</translation>
    </message>
    <message>
        <source>Find mapping</source>
        <translation>Rechercher le mappage</translation>
    </message>
    <message>
        <source>Run the shop&apos;s matching rules again for the current Shopify customer</source>
        <translation>Applique de nouveau les règles de mappage du magasin au client Shopify courant</translation>
    </message>
    <message>
        <source>Customers needing review</source>
        <translation>Clients à vérifier</translation>
    </message>
    <message>
        <source>Nothing waits for review.

When two local customers share the e-mail or phone of a Shopify customer, the sync links neither and lists it here.</source>
        <translation>Rien à vérifier.

Quand deux clients locaux partagent l’e-mail ou le téléphone d’un client Shopify, la synchronisation n’en lie aucun et le liste ici.</translation>
    </message>
    <message>
        <source>These Shopify customers were not linked because the rules found several possible local customers, or failed. Pick the right one with Link…</source>
        <translation>Ces clients Shopify n’ont pas été liés&#xa0;: les règles ont trouvé plusieurs clients locaux possibles, ou ont échoué. Choisissez le bon avec «&#xa0;Lier…&#xa0;».</translation>
    </message>
    <message>
        <source>Shopify customers: %1 (more below)</source>
        <translation>Clients Shopify&#xa0;: %1 (suite plus bas)</translation>
    </message>
    <message>
        <source>Shopify customers: %1</source>
        <translation>Clients Shopify&#xa0;: %1</translation>
    </message>
    <message>
        <source>Waiting for review: %1</source>
        <translation>En attente de vérification&#xa0;: %1</translation>
    </message>
    <message>
        <source>Customers: %1</source>
        <translation>Clients&#xa0;: %1</translation>
    </message>
    <message>
        <source>No customer matches the search and filters.</source>
        <translation>Aucun client ne correspond à la recherche et aux filtres.</translation>
    </message>
    <message>
        <source>Needs review (%1)</source>
        <translation>À vérifier (%1)</translation>
    </message>
    <message>
        <source>Tick customers first (right-click the list, Show checkboxes) or select rows.</source>
        <translation>Cochez d’abord des clients (clic droit sur la liste, «&#xa0;Afficher les cases à cocher&#xa0;») ou sélectionnez des lignes.</translation>
    </message>
    <message>
        <source>Add a shop card first: ticks belong to one.</source>
        <translation>Ajoutez d’abord une fiche magasin&#xa0;: les coches appartiennent à une fiche.</translation>
    </message>
    <message>
        <source>Select a customer first.</source>
        <translation>Sélectionnez d’abord un client.</translation>
    </message>
    <message>
        <source>Customer %1 saved.</source>
        <translation>Client %1 enregistré.</translation>
    </message>
    <message>
        <source>Delete customer</source>
        <translation>Supprimer le client</translation>
    </message>
    <message>
        <source>Delete customer %1 %2?</source>
        <translation>Supprimer le client %1 %2&#xa0;?</translation>
    </message>
    <message>
        <source>Its links to Shopify customers are removed; nothing is deleted in Shopify.</source>
        <translation>Ses liens vers des clients Shopify sont retirés&#xa0;; rien n’est supprimé dans Shopify.</translation>
    </message>
    <message>
        <source>Customer not deleted</source>
        <translation>Client non supprimé</translation>
    </message>
    <message>
        <source>Customer %1 is not deleted: it is used by</source>
        <translation>Le client %1 n’est pas supprimé&#xa0;: il est utilisé par</translation>
    </message>
    <message>
        <source>Customer %1 %2 deleted.</source>
        <translation>Client %1 %2 supprimé.</translation>
    </message>
    <message>
        <source>Its Shopify links were removed; the Shopify customers stay in Shopify.</source>
        <translation>Ses liens Shopify ont été retirés&#xa0;; les clients Shopify restent dans Shopify.</translation>
    </message>
    <message>
        <source>Not found (deleted meanwhile): %1</source>
        <translation>Introuvables (supprimés entre-temps)&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n of them failed the same way on the last sync.</source>
        <translation>
            <numerusform>%n d’entre eux était déjà en échec de la même façon à la dernière synchronisation.</numerusform>
            <numerusform>%n d’entre eux étaient déjà en échec de la même façon à la dernière synchronisation.</numerusform>
        </translation>
    </message>
    <message>
        <source>The sync log lists each failed customer.</source>
        <translation>Le journal de synchronisation liste chaque client en échec.</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>Conflits (%1)</translation>
    </message>
    <message>
        <source>Sync Customers done: %1.</source>
        <translation>Synchronisation des clients terminée&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Select a customer to link first.</source>
        <translation>Sélectionnez d’abord le client à lier.</translation>
    </message>
    <message>
        <source>Select a Shopify customer to link first.</source>
        <translation>Sélectionnez d’abord le client Shopify à lier.</translation>
    </message>
    <message>
        <source>Local customers: %1 created, %2 updated, %3 unchanged, %4 refused.</source>
        <extracomment>Refused rows listed in the import&apos;s message; the others are counted. Warnings listed in the import&apos;s message; the others are counted (the history has them).</extracomment>
        <translation>Clients locaux : créés %1, mis à jour %2, inchangés %3, refusés %4.</translation>
    </message>
    <message>
        <source>The other rows were saved. Refused rows:</source>
        <translation>Les autres lignes ont été enregistrées. Lignes refusées :</translation>
    </message>
    <message>
        <source>Line %1 (%2), %3: %4</source>
        <translation>Ligne %1 (%2), %3 : %4</translation>
    </message>
    <message>
        <source>no number</source>
        <translation>sans numéro</translation>
    </message>
    <message>
        <source>whole row</source>
        <translation>ligne entière</translation>
    </message>
    <message>
        <source>…and %1 more (the history lists them all).</source>
        <translation>…et %1 de plus (l’historique les liste toutes).</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importer un CSV…</translation>
    </message>
    <message>
        <source>Import customers from a CSV file</source>
        <translation>Importer des clients d’un fichier CSV</translation>
    </message>
    <message>
        <source>Add or update local customers from a CSV file (UTF-8, with a header row); refused rows are listed and change nothing</source>
        <translation>Ajoute ou met à jour des clients locaux à partir d’un fichier CSV (UTF-8, avec une ligne d’en-tête) ; les lignes refusées sont listées et ne changent rien</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>Export customers to a CSV file</source>
        <translation>Exporter les clients dans un fichier CSV</translation>
    </message>
    <message>
        <source>Write every local customer to a CSV file that Import CSV… reads back</source>
        <translation>Écrit tous les clients locaux dans un fichier CSV qu’Importer un CSV… sait relire</translation>
    </message>
    <message>
        <source>Imported with a warning (%1):</source>
        <translation>Importés avec un avertissement (%1) :</translation>
    </message>
    <message>
        <source>Customer %1: %2</source>
        <translation>Client %1 : %2</translation>
    </message>
    <message>
        <source>…and %1 more: see the history.</source>
        <translation>…et %1 de plus : voir l’historique.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Import customers</source>
        <translation>Importer des clients</translation>
    </message>
    <message>
        <source>Export customers</source>
        <translation>Exporter les clients</translation>
    </message>
    <message>
        <source>Importing customers from %1…</source>
        <translation>Importation des clients de %1…</translation>
    </message>
    <message>
        <source>%1 was not imported; nothing was saved.</source>
        <translation>%1 n’a pas été importé ; rien n’a été enregistré.</translation>
    </message>
    <message>
        <source>Import of %1: %2</source>
        <translation>Importation de %1 : %2</translation>
    </message>
    <message>
        <source>Exporting customers to %1…</source>
        <translation>Exportation des clients dans %1…</translation>
    </message>
    <message>
        <source>The export failed; no file was written.</source>
        <translation>L’exportation a échoué ; aucun fichier n’a été écrit.</translation>
    </message>
    <message>
        <source>%1 could not be written: %2. Choose another folder.</source>
        <translation>Impossible d’écrire %1 : %2. Choisissez un autre dossier.</translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) written to %1.</source>
        <translation>
            <numerusform>%n client écrit dans %1.</numerusform>
            <numerusform>%n clients écrits dans %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assigned %n customer(s) to Web Upload for shop card %1. They go up to that store on its next sync.</source>
        <translation>
            <numerusform>%n client ajouté à l’envoi Web de la fiche magasin %1. Il part vers cette boutique à sa prochaine synchronisation.</numerusform>
            <numerusform>%n clients ajoutés à l’envoi Web de la fiche magasin %1. Ils partent vers cette boutique à sa prochaine synchronisation.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n customer(s) from Web Upload for shop card %1.</source>
        <translation>
            <numerusform>%n client retiré de l’envoi Web de la fiche magasin %1.</numerusform>
            <numerusform>%n clients retirés de l’envoi Web de la fiche magasin %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DatabasePage</name>
    <message>
        <source>In use: the database server %1</source>
        <translation>En service : le serveur de base de données %1</translation>
    </message>
    <message>
        <source>In use: the local file %1</source>
        <translation>En service : le fichier local %1</translation>
    </message>
    <message>
        <source>This computer only (local file)</source>
        <translation>Cet ordinateur seulement (fichier local)</translation>
    </message>
    <message>
        <source>A database server shared by several computers</source>
        <translation>Un serveur de base de données partagé par plusieurs ordinateurs</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Hôte :</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort :</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Base de données :</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Utilisateur :</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Mot de &amp;passe :</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <source>A change of database applies the next time Shop Sync starts. The password is kept in this computer&apos;s keyring, never in a file.</source>
        <translation>Un changement de base de données s&apos;applique au prochain démarrage de Shop Sync. Le mot de passe est gardé dans le trousseau de cet ordinateur, jamais dans un fichier.</translation>
    </message>
    <message>
        <source>Enter the server&apos;s host name or address.</source>
        <translation>Saisissez le nom ou l&apos;adresse du serveur.</translation>
    </message>
    <message>
        <source>Enter the name of the database.</source>
        <translation>Saisissez le nom de la base de données.</translation>
    </message>
    <message>
        <source>Enter the user to sign in as.</source>
        <translation>Saisissez l&apos;utilisateur de connexion.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connexion à %1…</translation>
    </message>
    <message>
        <source>Connected: the server answers (PostgreSQL %1).</source>
        <translation>Connexion réussie : le serveur répond (PostgreSQL %1).</translation>
    </message>
    <message>
        <source>No database server answered at %1: check the host and the port, that the server is running, and that this computer may reach it (firewall).</source>
        <translation>Aucun serveur de base de données n&apos;a répondu à %1 : vérifiez l&apos;hôte et le port, que le serveur fonctionne et que cet ordinateur peut l&apos;atteindre (pare-feu).</translation>
    </message>
    <message>
        <source>The server at %1 refused the user %2 or the password.</source>
        <translation>Le serveur %1 a refusé l&apos;utilisateur %2 ou le mot de passe.</translation>
    </message>
    <message>
        <source>The server at %1 has no database named %2.</source>
        <translation>Le serveur %1 n&apos;a pas de base de données nommée %2.</translation>
    </message>
    <message>
        <source>The connection failed: %1</source>
        <translation>La connexion a échoué : %1</translation>
    </message>
</context>
<context>
    <name>DocumentLineTableModel</name>
    <message>
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <source>G/L Account</source>
        <translation>Compte général</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Line discount</source>
        <translation>Remise ligne</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>Open</source>
        <extracomment>The document no. of the row.</extracomment>
        <translation>Ouvert</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Lancé</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>Validé</translation>
    </message>
    <message>
        <source>Invoiced</source>
        <translation>Facturé</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Document date</source>
        <translation>Date document</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Shopify order</source>
        <translation>Commande Shopify</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Taxe</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>Conditions de paiement</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Ship-to</source>
        <translation>Livraison</translation>
    </message>
    <message>
        <source>Unlinked: this document no longer belongs to a Shopify order</source>
        <translation>Délié&#xa0;: ce document n’appartient plus à une commande Shopify</translation>
    </message>
    <message>
        <source>(unlinked)</source>
        <translation>(délié)</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>Same e-mail</source>
        <translation>Même e-mail</translation>
    </message>
    <message>
        <source>Same phone</source>
        <translation>Même téléphone</translation>
    </message>
    <message>
        <source>Similar name, same address</source>
        <translation>Nom proche, même adresse</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>À garder</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Doublon</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Pourquoi</translation>
    </message>
    <message>
        <source>Duplicate customers</source>
        <translation>Clients en double</translation>
    </message>
    <message>
        <source>No duplicate customers found.

Customers with the same e-mail, the same phone, or a similar name at the same address are listed here.</source>
        <translation>Aucun client en double trouvé.

Les clients qui ont le même e-mail, le même téléphone, ou un nom proche à la même adresse sont listés ici.</translation>
    </message>
    <message>
        <source>&amp;Find again</source>
        <translation>&amp;Chercher à nouveau</translation>
    </message>
    <message>
        <source>Look for duplicate customers again</source>
        <translation>Chercher à nouveau les clients en double</translation>
    </message>
    <message>
        <source>&amp;Merge…</source>
        <translation>&amp;Fusionner…</translation>
    </message>
    <message>
        <source>Merge the second customer of the current row into the first: its documents, ship-to addresses, Shopify links and web upload ticks move, and blank fields are filled from it</source>
        <translation>Fusionner le second client de la ligne courante dans le premier : ses documents, adresses de livraison, liens Shopify et coches d’envoi web passent au premier, et les champs vides sont remplis à partir du second</translation>
    </message>
    <message>
        <source>Pairs found: %1</source>
        <translation>Paires trouvées : %1</translation>
    </message>
    <message>
        <source>Select a pair first.</source>
        <translation>Sélectionnez d’abord une paire.</translation>
    </message>
    <message>
        <source>Merge customers</source>
        <translation>Fusionner des clients</translation>
    </message>
    <message>
        <source>Merge customer %1 %2 into %3 %4?</source>
        <translation>Fusionner le client %1 %2 dans %3 %4 ?</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>&amp;Fusionner</translation>
    </message>
    <message>
        <source>Documents (orders, invoices, credit memos): %1</source>
        <translation>Documents (commandes, factures, avoirs) : %1</translation>
    </message>
    <message>
        <source>Shopify orders: %1</source>
        <translation>Commandes Shopify : %1</translation>
    </message>
    <message>
        <source>Ship-to addresses: %1</source>
        <translation>Adresses de livraison : %1</translation>
    </message>
    <message>
        <source>Shopify links: %1</source>
        <translation>Liens Shopify : %1</translation>
    </message>
    <message>
        <source>Web upload ticks: %1</source>
        <translation>Coches d’envoi web : %1</translation>
    </message>
    <message>
        <source>Blank fields filled: %1</source>
        <translation>Champs vides remplis : %1</translation>
    </message>
    <message>
        <source>Then customer %1 is deleted; %2 keeps a note of the merge.</source>
        <translation>Ensuite, le client %1 est supprimé ; %2 garde une note de la fusion.</translation>
    </message>
    <message>
        <source>Customer %1 %2 merged into %3 %4.</source>
        <translation>Client %1 %2 fusionné dans %3 %4.</translation>
    </message>
    <message>
        <source>A customer cannot be merged into itself.</source>
        <translation>Un client ne peut pas être fusionné avec lui-même.</translation>
    </message>
    <message>
        <source>Customer %1 is a Shop Card&apos;s default customer (shop %2): merge the other way, or change the Shop Card first.</source>
        <translation>Le client %1 est le client par défaut d’une fiche magasin (magasin %2) : fusionnez dans l’autre sens, ou modifiez d’abord la fiche magasin.</translation>
    </message>
    <message>
        <source>Both customers are linked to different Shopify customers in shop %2: unlink one first.</source>
        <translation>Les deux clients sont liés à des clients Shopify différents dans le magasin %2 : déliez-en un d’abord.</translation>
    </message>
    <message>
        <source>The customers were not merged.</source>
        <translation>Les clients n’ont pas été fusionnés.</translation>
    </message>
    <message>
        <source>Customers not merged</source>
        <translation>Clients non fusionnés</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>• {field}: {message}</source>
        <translation>• {field}&#xa0;: {message}</translation>
    </message>
    <message>
        <source>• {message}</source>
        <translation>• {message}</translation>
    </message>
    <message>
        <source>Shopify refused customer {record}:</source>
        <translation>Shopify a refusé le client {record}&#xa0;:</translation>
    </message>
    <message>
        <source>Shopify refused the record:</source>
        <translation>Shopify a refusé l’enregistrement&#xa0;:</translation>
    </message>
    <message>
        <source>Record {record} was skipped: the field “{field}” {reason}.</source>
        <translation>L’enregistrement {record} a été ignoré&#xa0;: le champ «&#xa0;{field}&#xa0;» {reason}.</translation>
    </message>
    <message>
        <source>Record {record} was skipped: {reason}.</source>
        <translation>L’enregistrement {record} a été ignoré&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>Shopify did not allow this request: the app lacks the access scope “{scope}”. Add it to the app in your Shopify admin, then test the connection again.</source>
        <translation>Shopify n’a pas autorisé cette requête&#xa0;: il manque à l’application l’autorisation d’accès «&#xa0;{scope}&#xa0;». Ajoutez-la à l’application dans l’administration Shopify, puis testez de nouveau la connexion.</translation>
    </message>
    <message>
        <source>Shopify did not allow this request: the app lacks an access scope it needs. Use Test connection on the Shop Card to see which one.</source>
        <translation>Shopify n’a pas autorisé cette requête&#xa0;: il manque à l’application une autorisation d’accès. Utilisez «&#xa0;Tester la connexion&#xa0;» sur la fiche magasin pour savoir laquelle.</translation>
    </message>
    <message>
        <source>Not found: {detail}</source>
        <extracomment>Texts by error code, for errors of layers the window does not import.</extracomment>
        <translation>Introuvable&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>Shopify refused the access token. Check the token on the Shop Card (it may have been revoked or mistyped) and test the connection again.</source>
        <translation>Shopify a refusé le jeton d’accès. Vérifiez le jeton sur la fiche magasin (il a peut-être été révoqué ou mal saisi), puis testez de nouveau la connexion.</translation>
    </message>
    <message>
        <source>No client secret is saved for this shop yet. Paste it under Client secret on the Shop Card, then test the connection.</source>
        <extracomment>The headline of an `AuthError` by (its `reason`, its `secret`), each naming the Shop Card field to act on (issue 18); any other is a refused token.</extracomment>
        <translation>Aucun secret client n’est encore enregistré pour cette boutique. Collez-le dans Secret client sur la fiche magasin, puis testez la connexion.</translation>
    </message>
    <message>
        <source>No access token is saved for this shop yet. Paste it under Access token on the Shop Card, then test the connection.</source>
        <translation>Aucun jeton d’accès n’est encore enregistré pour cette boutique. Collez-le dans Jeton d’accès sur la fiche magasin, puis testez la connexion.</translation>
    </message>
    <message>
        <source>Shopify refused the app&apos;s client ID or secret. Copy both again from the app&apos;s settings in Shopify into Client ID and Client secret on the Shop Card, check that the app is installed on this store, then test the connection again.</source>
        <translation>Shopify a refusé l’ID client ou le secret de l’application. Copiez-les à nouveau depuis les paramètres de l’application dans Shopify vers ID client et Secret client sur la fiche magasin, vérifiez que l’application est installée sur cette boutique, puis testez à nouveau la connexion.</translation>
    </message>
    <message>
        <source>The app&apos;s client ID is empty. Copy it from the app&apos;s settings in Shopify into Client ID on the Shop Card, next to its secret.</source>
        <translation>L’ID client de l’application est vide. Copiez-le depuis les paramètres de l’application dans Shopify vers ID client sur la fiche magasin, à côté de son secret.</translation>
    </message>
    <message>
        <source>Shopify refused access to this shop: the app may have been uninstalled from it or may lack permission. Check the app in your Shopify admin, then test the connection again.</source>
        <translation>Shopify a refusé l’accès à cette boutique&#xa0;: l’application en a peut-être été désinstallée ou n’a pas l’autorisation. Vérifiez l’application dans l’administration Shopify, puis testez à nouveau la connexion.</translation>
    </message>
    <message>
        <source>The database server {server} could not be reached, so nothing was read or saved. Check that the server is running, that this computer can reach it over the network (server name, port, firewall) and that this workstation is set to the right database address, then try again.</source>
        <extracomment>The code of `store.database.DatabaseUnreachableError` (the window does not import the store).</extracomment>
        <translation>Le serveur de base de données {server} est injoignable : rien n’a été lu ni enregistré. Vérifiez que le serveur fonctionne, que cet ordinateur peut le joindre par le réseau (nom du serveur, port, pare-feu) et que ce poste est réglé sur la bonne adresse de base de données, puis réessayez.</translation>
    </message>
    <message>
        <source>The database server could not be reached, so nothing was read or saved. Check that the server is running, that this computer can reach it over the network (server name, port, firewall) and that this workstation is set to the right database address, then try again.</source>
        <translation>Le serveur de base de données est injoignable : rien n’a été lu ni enregistré. Vérifiez que le serveur fonctionne, que cet ordinateur peut le joindre par le réseau (nom du serveur, port, pare-feu) et que ce poste est réglé sur la bonne adresse de base de données, puis réessayez.</translation>
    </message>
    <message>
        <source>Shop {shop} is being synced from the workstation {host} by {user} since {since}. Try again when that sync has finished.</source>
        <translation>La boutique {shop} est en cours de synchronisation sur le poste {host}, par {user}, depuis le {since}. Réessayez quand cette synchronisation sera terminée.</translation>
    </message>
    <message>
        <source>Shop {shop} is being synced by another Shop Sync window or command on this computer since {since}. Try again when that sync has finished.</source>
        <translation>La boutique {shop} est en cours de synchronisation par une autre fenêtre ou commande Shop Sync de cet ordinateur, depuis le {since}. Réessayez quand cette synchronisation sera terminée.</translation>
    </message>
    <message>
        <source>Shop {shop} is being synced by another Shop Sync window or command. Try again when that sync has finished.</source>
        <translation>La boutique {shop} est en cours de synchronisation par une autre fenêtre ou commande Shop Sync. Réessayez quand cette synchronisation sera terminée.</translation>
    </message>
    <message>
        <source>Waiting: shop {shop} is being synced from the workstation {host} by {user} since {since}…</source>
        <translation>En attente : la boutique {shop} est en cours de synchronisation sur le poste {host}, par {user}, depuis le {since}…</translation>
    </message>
    <message>
        <source>Waiting: shop {shop} is being synced by another Shop Sync window or command…</source>
        <translation>En attente : la boutique {shop} est en cours de synchronisation par une autre fenêtre ou commande Shop Sync…</translation>
    </message>
    <message>
        <source>Shopify could not be reached. Check your internet connection and try again; your data was not changed.</source>
        <translation>Impossible de joindre Shopify. Vérifiez votre connexion Internet et réessayez&#xa0;; vos données n’ont pas été modifiées.</translation>
    </message>
    <message>
        <source>Shopify is asking the app to slow down and the request still failed after waiting. Try again in a minute.</source>
        <translation>Shopify demande à l’application de ralentir, et la requête a encore échoué après l’attente. Réessayez dans une minute.</translation>
    </message>
    <message>
        <source>Shopify refused a request as too large. This is a problem in the app: please report it.</source>
        <translation>Shopify a refusé une requête jugée trop volumineuse. Il s’agit d’un problème de l’application&#xa0;: merci de le signaler.</translation>
    </message>
    <message>
        <source>The Shopify address is not valid. Enter it as NAME.myshopify.com (your shop&apos;s permanent address, not a custom domain).</source>
        <translation>L’adresse Shopify n’est pas valide. Saisissez-la sous la forme NOM.myshopify.com (l’adresse permanente de votre boutique, pas un domaine personnalisé).</translation>
    </message>
    <message>
        <source>Shopify&apos;s bulk export failed. Try the sync again later.</source>
        <translation>L’export en bloc de Shopify a échoué. Relancez la synchronisation plus tard.</translation>
    </message>
    <message>
        <source>Shopify answered with an error it did not explain in a way the app understands. The details are in the log file.</source>
        <translation>Shopify a renvoyé une erreur que l’application ne sait pas interpréter. Les détails figurent dans le fichier journal.</translation>
    </message>
    <message>
        <source>The local database is busy (another Shop Sync window or a scheduled run is using it). Wait a moment and try again.</source>
        <translation>La base de données locale est occupée (une autre fenêtre Shop Sync ou une synchronisation planifiée l’utilise). Patientez un instant, puis réessayez.</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved. Free some space and try again.</source>
        <translation>Le disque est plein&#xa0;: rien n’a été enregistré. Libérez de l’espace, puis réessayez.</translation>
    </message>
    <message>
        <source>This database was written by a newer version of Shop Sync. Install the newer version to open it; the file was not changed.</source>
        <translation>Cette base de données a été écrite par une version plus récente de Shop Sync. Installez cette version pour l’ouvrir&#xa0;; le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>No system keyring was found, so the token is kept for this session only. You will need to enter it again after restarting Shop Sync.</source>
        <translation>Aucun trousseau système n’a été trouvé&#xa0;: le jeton n’est conservé que pour cette session. Vous devrez le saisir de nouveau après avoir redémarré Shop Sync.</translation>
    </message>
    <message>
        <source>Shopify reported a problem: {detail}</source>
        <translation>Shopify a signalé un problème&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>The local database reported a problem: {detail}</source>
        <translation>La base de données locale a signalé un problème&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>The keyring reported a problem: {detail}</source>
        <translation>Le trousseau a signalé un problème&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>{detail}</source>
        <translation>{detail}</translation>
    </message>
    <message>
        <source>An unexpected error occurred. The details are in the log file.</source>
        <translation>Une erreur inattendue s’est produite. Les détails figurent dans le fichier journal.</translation>
    </message>
    <message>
        <source>Shopify</source>
        <translation>Shopify</translation>
    </message>
    <message>
        <source>Database server</source>
        <translation>Serveur de base de données</translation>
    </message>
    <message>
        <source>Local database</source>
        <translation>Base de données locale</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>Trousseau</translation>
    </message>
    <message>
        <source>Shop Sync</source>
        <translation>Shop Sync</translation>
    </message>
</context>
<context>
    <name>GiftCardTableModel</name>
    <message>
        <source>Card</source>
        <extracomment>The gift card GID of the row.</extracomment>
        <translation>Carte</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Émission</translation>
    </message>
    <message>
        <source>Initial value</source>
        <translation>Valeur initiale</translation>
    </message>
    <message>
        <source>Applied on orders</source>
        <translation>Utilisé sur des commandes</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Solde</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Désactivée</translation>
    </message>
    <message>
        <source>Used up</source>
        <translation>Épuisée</translation>
    </message>
    <message>
        <source>Partly used</source>
        <translation>Partiellement utilisée</translation>
    </message>
    <message>
        <source>Unused</source>
        <translation>Inutilisée</translation>
    </message>
    <message>
        <source>Sold on order %1</source>
        <translation>Vendue sur la commande %1</translation>
    </message>
    <message>
        <source>Sold on Shopify order %1</source>
        <translation>Vendue sur la commande Shopify %1</translation>
    </message>
    <message>
        <source>Made in Shopify</source>
        <translation>Créée dans Shopify</translation>
    </message>
    <message>
        <source>%1 (orders: %2)</source>
        <translation>%1 (commandes&#xa0;: %2)</translation>
    </message>
</context>
<context>
    <name>GiftCardsTab</name>
    <message>
        <source>Gift cards of your Shopify store: the ones sold on orders (posted to the Shop Card&apos;s sold gift card account) or made in Shopify, what customers have paid with them on imported orders, and the balance left.</source>
        <translation>Les cartes-cadeaux de votre boutique Shopify&#xa0;: celles vendues sur des commandes (comptabilisées sur le compte des cartes-cadeaux vendues de la fiche magasin) ou créées dans Shopify, ce que les clients ont payé avec sur les commandes importées, et le solde restant.</translation>
    </message>
    <message>
        <source>Sync Gift Cards</source>
        <translation>Synchroniser les cartes-cadeaux</translation>
    </message>
    <message>
        <source>Bring the gift cards and their balances from Shopify (F5)</source>
        <translation>Importe les cartes-cadeaux et leurs soldes depuis Shopify (F5)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>All gift cards</source>
        <translation>Toutes les cartes-cadeaux</translation>
    </message>
    <message>
        <source>With a balance left</source>
        <translation>Avec un solde restant</translation>
    </message>
    <message>
        <source>Sold on orders</source>
        <translation>Vendues sur des commandes</translation>
    </message>
    <message>
        <source>Applied on orders</source>
        <translation>Utilisées sur des commandes</translation>
    </message>
    <message>
        <source>Gift cards</source>
        <translation>Cartes-cadeaux</translation>
    </message>
    <message>
        <source>No gift cards yet.

Sync Gift Cards brings the cards of your Shopify store; cards sold on orders also arrive with Sync Orders.</source>
        <translation>Aucune carte-cadeau pour l’instant.

«&#xa0;Synchroniser les cartes-cadeaux&#xa0;» importe les cartes de votre boutique Shopify&#xa0;; les cartes vendues sur des commandes arrivent aussi avec «&#xa0;Synchroniser les commandes&#xa0;».</translation>
    </message>
    <message>
        <source>Gift cards: %1; balance left on active cards: %2</source>
        <translation>Cartes-cadeaux&#xa0;: %1&#xa0;; solde restant sur les cartes actives&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>(no shop)</source>
        <extracomment>What the Shop column shows for a run of a command that belongs to no shop.</extracomment>
        <translation>(aucun magasin)</translation>
    </message>
    <message>
        <source>Any status</source>
        <extracomment>Status filter choices: (label, status, failed_only).</extracomment>
        <translation>Tous les statuts</translation>
    </message>
    <message>
        <source>Problems only</source>
        <translation>Problèmes uniquement</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Some records failed</source>
        <translation>Échecs partiels</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Any time</source>
        <extracomment>Period filter choices: (label, days back or None for any time).</extracomment>
        <translation>Toutes les dates</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Dernières 24 heures</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 derniers jours</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Sync history</source>
        <extracomment>At most this many runs are listed (newest first); the filters narrow older ones down.</extracomment>
        <translation>Historique des synchronisations</translation>
    </message>
    <message>
        <source>Shop filter</source>
        <extracomment>The Export CSV… file dialog while it is open (non-blocking).</extracomment>
        <translation>Filtre sur le magasin</translation>
    </message>
    <message>
        <source>Resource filter</source>
        <translation>Filtre sur la ressource</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Filtre sur le statut</translation>
    </message>
    <message>
        <source>Period filter</source>
        <translation>Filtre sur la période</translation>
    </message>
    <message>
        <source>All resources</source>
        <translation>Toutes les ressources</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>S&amp;hop:</source>
        <translation>&amp;Magasin&#xa0;:</translation>
    </message>
    <message>
        <source>R&amp;esource:</source>
        <translation>R&amp;essource&#xa0;:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatut&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Period:</source>
        <translation>&amp;Période&#xa0;:</translation>
    </message>
    <message>
        <source>Sync runs</source>
        <translation>Synchronisations</translation>
    </message>
    <message>
        <source>No sync run matches these filters.</source>
        <translation>Aucune synchronisation ne correspond à ces filtres.</translation>
    </message>
    <message>
        <source>Errors and warnings of the run</source>
        <translation>Erreurs et avertissements de l’exécution</translation>
    </message>
    <message>
        <source>Retry &amp;failed</source>
        <translation>Relancer les é&amp;checs</translation>
    </message>
    <message>
        <source>Sync this run&apos;s resource again for its shop (the customers sync also tries the records that failed again)</source>
        <translation>Synchronise de nouveau la ressource de cette exécution pour son magasin (la synchronisation des clients retente aussi les enregistrements en échec)</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xporter en CSV…</translation>
    </message>
    <message>
        <source>Save the runs shown, with their errors, as CSV</source>
        <translation>Enregistre les synchronisations affichées et leurs erreurs au format CSV</translation>
    </message>
    <message>
        <source>All shops</source>
        <translation>Tous les magasins</translation>
    </message>
    <message>
        <source>Without a shop</source>
        <translation>Sans magasin</translation>
    </message>
    <message>
        <source>Runs shown: %1</source>
        <translation>Synchronisations affichées&#xa0;: %1</translation>
    </message>
    <message>
        <source>Select a run to see its errors.</source>
        <translation>Sélectionnez une synchronisation pour voir ses erreurs.</translation>
    </message>
    <message>
        <source>Errors of the %1 run started %2: %3</source>
        <translation>Erreurs de l’exécution des %1 lancée le %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>Errors of the %1 sync of %2 started %3: %4</source>
        <translation>Erreurs de la synchronisation des %1 de %2 lancée le %3&#xa0;: %4</translation>
    </message>
    <message>
        <source>warnings (done, but worth a look): %1</source>
        <translation>avertissements (fait, mais à vérifier)&#xa0;: %1</translation>
    </message>
    <message>
        <source>Message: %1</source>
        <translation>Message&#xa0;: %1</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Résultat&#xa0;: %1</translation>
    </message>
    <message>
        <source>No record failed in this run.</source>
        <translation>Aucun enregistrement n’a échoué lors de cette synchronisation.</translation>
    </message>
    <message>
        <source>Retrying %1 of %2…</source>
        <translation>Nouvelle synchronisation des %1 de %2…</translation>
    </message>
    <message>
        <source>The new run is hidden by the filters.</source>
        <translation>Les filtres masquent la nouvelle synchronisation.</translation>
    </message>
    <message>
        <source>Export sync history</source>
        <translation>Exporter l’historique des synchronisations</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1 (rows: %2)</source>
        <translation>Exporté dans %1 (lignes&#xa0;: %2)</translation>
    </message>
</context>
<context>
    <name>HistoryErrorTableModel</name>
    <message>
        <source>Kind</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Since resolved</source>
        <translation>Résolu depuis</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
</context>
<context>
    <name>HistoryRunTableModel</name>
    <message>
        <source>&lt; 1 s</source>
        <translation>&lt;&#xa0;1&#xa0;s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1&#xa0;h&#xa0;%2&#xa0;min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1&#xa0;min&#xa0;%2&#xa0;s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1&#xa0;s</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créés</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Ignorés</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échecs</translation>
    </message>
    <message>
        <source>API cost</source>
        <translation>Coût API</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>Finished %1</source>
        <translation>Terminé le %1</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>InvoiceEntryDialog</name>
    <message>
        <source>New sales invoice</source>
        <extracomment>Customers listed at most for one search.</extracomment>
        <translation>Nouvelle facture de vente</translation>
    </message>
    <message>
        <source>Search by no., name or e-mail</source>
        <translation>Rechercher par n°, nom ou e-mail</translation>
    </message>
    <message>
        <source>Search for the customer</source>
        <translation>Rechercher le client</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>Reche&amp;rcher :</translation>
    </message>
    <message>
        <source>C&amp;ustomer:</source>
        <translation>Cl&amp;ient :</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Devise :</translation>
    </message>
    <message>
        <source>Line type</source>
        <translation>Type de ligne</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Article</translation>
    </message>
    <message>
        <source>G/L account</source>
        <translation>Compte général</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>&amp;Add line</source>
        <translation>&amp;Ajouter la ligne</translation>
    </message>
    <message>
        <source>&amp;Type:</source>
        <translation>&amp;Type :</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description :</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>&amp;Quantité :</translation>
    </message>
    <message>
        <source>Invoice lines</source>
        <translation>Lignes de la facture</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>&amp;Remove line</source>
        <translation>Su&amp;pprimer la ligne</translation>
    </message>
    <message>
        <source>Paid in &amp;full (nothing is owed)</source>
        <translation>Payée en t&amp;otalité (rien n&apos;est dû)</translation>
    </message>
    <message>
        <source>When money is still owed, the Shopify order gets the customer&apos;s payment terms</source>
        <translation>Quand un montant reste dû, la commande Shopify reçoit les conditions de paiement du client</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save the invoice without posting it</source>
        <translation>Enregistrer la facture sans la valider</translation>
    </message>
    <message>
        <source>&amp;Post</source>
        <translation>&amp;Valider</translation>
    </message>
    <message>
        <source>Save and post the invoice: the posted-invoice sync then sends it to Shopify as an order</source>
        <translation>Enregistrer et valider la facture : la synchronisation des factures validées l&apos;envoie ensuite à Shopify comme commande</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>Nouvelle ligne</translation>
    </message>
    <message>
        <source>Shop: %1</source>
        <translation>Boutique : %1</translation>
    </message>
    <message>
        <source>(choose a customer)</source>
        <translation>(choisissez un client)</translation>
    </message>
    <message>
        <source>&amp;Item:</source>
        <translation>Arti&amp;cle :</translation>
    </message>
    <message>
        <source>U&amp;nit price:</source>
        <translation>Pri&amp;x unitaire :</translation>
    </message>
    <message>
        <source>(choose an item)</source>
        <translation>(choisissez un article)</translation>
    </message>
    <message>
        <source>&amp;G/L account:</source>
        <translation>Compte &amp;général :</translation>
    </message>
    <message>
        <source>Amou&amp;nt:</source>
        <translation>Mo&amp;ntant :</translation>
    </message>
    <message>
        <source>(choose an account)</source>
        <translation>(choisissez un compte)</translation>
    </message>
    <message>
        <source>Item: choose an item.</source>
        <translation>Article : choisissez un article.</translation>
    </message>
    <message>
        <source>G/L account: choose an account.</source>
        <translation>Compte général : choisissez un compte.</translation>
    </message>
    <message>
        <source>Description: say what the amount is for.</source>
        <translation>Description : indiquez à quoi correspond le montant.</translation>
    </message>
    <message>
        <source>Quantity: type a number, such as 2.</source>
        <translation>Quantité : saisissez un nombre, par exemple 2.</translation>
    </message>
    <message>
        <source>Quantity: must be more than 0.</source>
        <translation>Quantité : doit être supérieure à 0.</translation>
    </message>
    <message>
        <source>Unit price: type an amount of 0 or more.</source>
        <translation>Prix unitaire : saisissez un montant de 0 ou plus.</translation>
    </message>
    <message>
        <source>Amount: type an amount of more than 0.</source>
        <translation>Montant : saisissez un montant supérieur à 0.</translation>
    </message>
    <message>
        <source>(the shop&apos;s, not known yet)</source>
        <translation>(celle de la boutique, pas encore connue)</translation>
    </message>
    <message>
        <source>Amount %1 · Tax %2 · Total %3 %4</source>
        <translation>Montant %1 · Taxe %2 · Total %3 %4</translation>
    </message>
    <message>
        <source>Tax area %1, tax liable</source>
        <translation>Zone fiscale %1, assujetti à la taxe</translation>
    </message>
    <message>
        <source>Tax area %1, not tax liable</source>
        <translation>Zone fiscale %1, non assujetti à la taxe</translation>
    </message>
    <message>
        <source>No tax area (the Shop Card&apos;s tax area priority gives none).</source>
        <translation>Aucune zone fiscale (la priorité de zone fiscale de la fiche boutique n&apos;en donne aucune).</translation>
    </message>
    <message>
        <source>Customer: choose a customer.</source>
        <translation>Client : choisissez un client.</translation>
    </message>
    <message>
        <source>Customer: there is no customer %1.</source>
        <translation>Client : il n&apos;y a pas de client %1.</translation>
    </message>
    <message>
        <source>Customer: customer %1 is blocked.</source>
        <translation>Client : le client %1 est bloqué.</translation>
    </message>
    <message>
        <source>Lines: add at least one line.</source>
        <translation>Lignes : ajoutez au moins une ligne.</translation>
    </message>
    <message>
        <source>Currency: not known yet: set the Shop Card&apos;s shop currency, or test the connection.</source>
        <translation>Devise : pas encore connue : indiquez la devise de la boutique sur la fiche boutique, ou testez la connexion.</translation>
    </message>
    <message>
        <source>Line %2, No.: choose the item or account.</source>
        <translation>Ligne %2, N° : choisissez l&apos;article ou le compte.</translation>
    </message>
    <message>
        <source>Line %2, No.: there is no item or account %1.</source>
        <translation>Ligne %2, N° : il n&apos;y a pas d&apos;article ou de compte %1.</translation>
    </message>
    <message>
        <source>Line %2, quantity: must be more than 0.</source>
        <translation>Ligne %2, quantité : doit être supérieure à 0.</translation>
    </message>
    <message>
        <source>Line %2, amount: must be more than 0.</source>
        <translation>Ligne %2, montant : doit être supérieur à 0.</translation>
    </message>
    <message>
        <source>Line %2, unit price: cannot be negative.</source>
        <translation>Ligne %2, prix unitaire : ne peut pas être négatif.</translation>
    </message>
    <message>
        <source>Line %2, description: say what the amount is for.</source>
        <translation>Ligne %2, description : indiquez à quoi correspond le montant.</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>Rien n&apos;a été enregistré : %1</translation>
    </message>
</context>
<context>
    <name>IssueTexts</name>
    <message>
        <source>Customer without an address: created from the template of the shop&apos;s country, without one</source>
        <extracomment>The translation context of the texts (`/work/tools/i18n/s4-codes.tsv`).</extracomment>
        <translation>Client sans adresse : créé sans adresse à partir du modèle du pays de la boutique</translation>
    </message>
    <message>
        <source>No customer template for this country or the shop</source>
        <translation>Aucun modèle de client pour ce pays ni pour la boutique</translation>
    </message>
    <message>
        <source>The customer has no name, no e-mail and no phone</source>
        <translation>Le client n&apos;a ni nom, ni e-mail, ni téléphone</translation>
    </message>
    <message>
        <source>Unknown country code</source>
        <translation>Code pays inconnu</translation>
    </message>
    <message>
        <source>The phone number cannot be used</source>
        <translation>Le numéro de téléphone n&apos;est pas utilisable</translation>
    </message>
    <message>
        <source>The e-mail address is not valid</source>
        <translation>L&apos;adresse e-mail n&apos;est pas valide</translation>
    </message>
    <message>
        <source>Changed on both sides: choose one in Conflicts</source>
        <translation>Modifié des deux côtés : choisissez dans Conflits</translation>
    </message>
    <message>
        <source>Too long for the local field: cut</source>
        <translation>Trop long pour le champ local : tronqué</translation>
    </message>
    <message>
        <source>Several local customers match: link it by hand</source>
        <translation>Plusieurs clients locaux correspondent : liez-le à la main</translation>
    </message>
    <message>
        <source>The shop&apos;s customer mapping settings allow no decision</source>
        <translation>Les réglages de correspondance des clients de la boutique ne permettent aucune décision</translation>
    </message>
    <message>
        <source>No e-mail address</source>
        <translation>Aucune adresse e-mail</translation>
    </message>
    <message>
        <source>No country</source>
        <translation>Aucun pays</translation>
    </message>
    <message>
        <source>Unknown county</source>
        <translation>Département ou région inconnu</translation>
    </message>
    <message>
        <source>The phone number is already used by another customer</source>
        <translation>Le numéro de téléphone est déjà utilisé par un autre client</translation>
    </message>
    <message>
        <source>Already linked to another local customer</source>
        <translation>Déjà lié à un autre client local</translation>
    </message>
    <message>
        <source>Shopify refused the change</source>
        <translation>Shopify a refusé la modification</translation>
    </message>
    <message>
        <source>Not done this time: checked again on the next sync</source>
        <translation>Pas fait cette fois : revu à la prochaine synchronisation</translation>
    </message>
    <message>
        <source>No invitation was sent</source>
        <translation>Aucune invitation n&apos;a été envoyée</translation>
    </message>
    <message>
        <source>A value cannot be sent to Shopify</source>
        <translation>Une valeur ne peut pas être envoyée à Shopify</translation>
    </message>
    <message>
        <source>Shopify sent a record that cannot be read</source>
        <translation>Shopify a envoyé un enregistrement illisible</translation>
    </message>
    <message>
        <source>No customer for the order</source>
        <translation>Aucun client pour la commande</translation>
    </message>
    <message>
        <source>No company for the order</source>
        <translation>Aucune entreprise pour la commande</translation>
    </message>
    <message>
        <source>No item for a line of the order</source>
        <translation>Aucun article pour une ligne de la commande</translation>
    </message>
    <message>
        <source>An account is missing on the Shop Card</source>
        <translation>Un compte manque sur la fiche boutique</translation>
    </message>
    <message>
        <source>The order&apos;s taxes cannot be used</source>
        <translation>Les taxes de la commande ne sont pas utilisables</translation>
    </message>
    <message>
        <source>The shop&apos;s time zone is not known</source>
        <translation>Le fuseau horaire de la boutique est inconnu</translation>
    </message>
    <message>
        <source>The order&apos;s discount cannot be used</source>
        <translation>La remise de la commande n&apos;est pas utilisable</translation>
    </message>
    <message>
        <source>The order has no lines to invoice</source>
        <translation>La commande n&apos;a aucune ligne à facturer</translation>
    </message>
    <message>
        <source>The sales document cannot be made</source>
        <translation>Le document de vente ne peut pas être créé</translation>
    </message>
    <message>
        <source>The document number could not be written to Shopify</source>
        <translation>Le numéro du document n&apos;a pas pu être écrit dans Shopify</translation>
    </message>
    <message>
        <source>The order could not be closed in Shopify</source>
        <translation>La commande n&apos;a pas pu être clôturée dans Shopify</translation>
    </message>
    <message>
        <source>Fully refunded: nothing left to invoice</source>
        <translation>Entièrement remboursée : plus rien à facturer</translation>
    </message>
    <message>
        <source>Refund rounding between currencies</source>
        <translation>Arrondi de remboursement entre devises</translation>
    </message>
    <message>
        <source>Conflict to resolve: the order changed in Shopify after its document was made</source>
        <translation>Conflit à résoudre&#xa0;: la commande a changé dans Shopify après la création de son document</translation>
    </message>
    <message>
        <source>The shipment could not be sent to Shopify</source>
        <translation>L&apos;expédition n&apos;a pas pu être envoyée à Shopify</translation>
    </message>
    <message>
        <source>Unknown whether Shopify received it: checked on the next sync</source>
        <translation>On ne sait pas si Shopify l&apos;a reçu : vérifié à la prochaine synchronisation</translation>
    </message>
    <message>
        <source>The refund cannot be made</source>
        <translation>Le remboursement ne peut pas être fait</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Introuvable</translation>
    </message>
    <message>
        <source>A value is not valid</source>
        <translation>Une valeur n&apos;est pas valide</translation>
    </message>
    <message>
        <source>Network problem</source>
        <translation>Problème de réseau</translation>
    </message>
    <message>
        <source>The shop is unavailable</source>
        <translation>La boutique est indisponible</translation>
    </message>
    <message>
        <source>Shopify is busy: try again later</source>
        <translation>Shopify est occupé : réessayez plus tard</translation>
    </message>
    <message>
        <source>Shopify reported an error</source>
        <translation>Shopify a signalé une erreur</translation>
    </message>
    <message>
        <source>The local database refused the change</source>
        <translation>La base de données locale a refusé la modification</translation>
    </message>
    <message>
        <source>Unexpected problem</source>
        <translation>Problème inattendu</translation>
    </message>
    <message>
        <source>The app lacks a Shopify access scope</source>
        <translation>Il manque à l’application une autorisation d’accès Shopify</translation>
    </message>
    <message>
        <source>Shopify refused the app&apos;s credentials</source>
        <translation>Shopify a refusé les identifiants de l’application</translation>
    </message>
    <message>
        <source>Shopify&apos;s bulk export failed: try again later</source>
        <translation>L’export groupé de Shopify a échoué&#xa0;: réessayez plus tard</translation>
    </message>
    <message>
        <source>The keyring reported a problem</source>
        <translation>Le trousseau a signalé un problème</translation>
    </message>
    <message>
        <source>The system keyring is locked: unlock it and try again</source>
        <translation>Le trousseau du système est verrouillé&#xa0;: déverrouillez-le et réessayez</translation>
    </message>
    <message>
        <source>No system keyring: the secret is kept for this session only</source>
        <translation>Pas de trousseau système&#xa0;: le secret n’est gardé que pour cette session</translation>
    </message>
    <message>
        <source>The secret is not valid: paste it again</source>
        <translation>Le secret n’est pas valide&#xa0;: collez-le à nouveau</translation>
    </message>
    <message>
        <source>The CSV file cannot be read</source>
        <translation>Le fichier CSV ne peut pas être lu</translation>
    </message>
    <message>
        <source>The customer is still used</source>
        <translation>Le client est encore utilisé</translation>
    </message>
    <message>
        <source>A value of the customer is not valid</source>
        <translation>Une valeur du client n’est pas valide</translation>
    </message>
    <message>
        <source>The data folder cannot be used</source>
        <translation>Le dossier de données ne peut pas être utilisé</translation>
    </message>
    <message>
        <source>The local database is busy: try again in a moment</source>
        <translation>La base de données locale est occupée&#xa0;: réessayez dans un instant</translation>
    </message>
    <message>
        <source>The database was written by a newer version of Shop Sync</source>
        <translation>La base de données a été écrite par une version plus récente de Shop Sync</translation>
    </message>
    <message>
        <source>The disk is full: nothing was saved</source>
        <translation>Le disque est plein&#xa0;: rien n’a été enregistré</translation>
    </message>
    <message>
        <source>The database server could not be reached</source>
        <translation>Le serveur de base de données est injoignable</translation>
    </message>
    <message>
        <source>The database choice could not be saved</source>
        <translation>Le choix de la base de données n’a pas pu être enregistré</translation>
    </message>
    <message>
        <source>The target database already holds data: nothing was copied</source>
        <translation>La base de données cible contient déjà des données&#xa0;: rien n’a été copié</translation>
    </message>
    <message>
        <source>The copy differs from this database: it was undone</source>
        <translation>La copie diffère de cette base de données&#xa0;: elle a été annulée</translation>
    </message>
    <message>
        <source>Not the address of a database Shop Sync can use</source>
        <translation>Ce n’est pas l’adresse d’une base de données utilisable par Shop Sync</translation>
    </message>
    <message>
        <source>A sample customer of the demo shop, not of this shop</source>
        <translation>Un client d’exemple de la boutique de démonstration, pas de cette boutique</translation>
    </message>
    <message>
        <source>Several shop cards exist: name one</source>
        <translation>Plusieurs fiches magasin existent&#xa0;: indiquez-en une</translation>
    </message>
    <message>
        <source>Already used: a code, number or SKU must be unique</source>
        <translation>Déjà utilisé&#xa0;: un code, un numéro ou un SKU doit être unique</translation>
    </message>
    <message>
        <source>Not available for this shop</source>
        <translation>Non disponible pour cette boutique</translation>
    </message>
    <message>
        <source>Another sync of this shop is running</source>
        <translation>Une autre synchronisation de cette boutique est en cours</translation>
    </message>
    <message>
        <source>The sync took too long and was stopped</source>
        <translation>La synchronisation a pris trop de temps et a été arrêtée</translation>
    </message>
    <message>
        <source>Already linked to another record</source>
        <translation>Déjà lié à un autre enregistrement</translation>
    </message>
    <message>
        <source>Linking would move an existing link</source>
        <translation>La liaison déplacerait une liaison existante</translation>
    </message>
    <message>
        <source>Shopify refused a request as too large</source>
        <translation>Shopify a refusé une requête trop volumineuse</translation>
    </message>
    <message>
        <source>The order action cannot be done</source>
        <translation>L’action sur la commande ne peut pas être faite</translation>
    </message>
    <message>
        <source>A setting of the Shop Card is not valid</source>
        <translation>Un paramètre de la fiche magasin n’est pas valide</translation>
    </message>
    <message>
        <source>Still used elsewhere: it cannot be removed</source>
        <translation>Encore utilisé ailleurs&#xa0;: impossible de le supprimer</translation>
    </message>
    <message>
        <source>A setup value is not valid</source>
        <translation>Une valeur de paramétrage n’est pas valide</translation>
    </message>
    <message>
        <source>The shipment cannot be sent to Shopify</source>
        <translation>L’expédition ne peut pas être envoyée à Shopify</translation>
    </message>
    <message>
        <source>The Shopify address is not valid</source>
        <translation>L’adresse Shopify n’est pas valide</translation>
    </message>
    <message>
        <source>The command was not given as it should be</source>
        <translation>La commande n’a pas été donnée comme il faut</translation>
    </message>
    <message>
        <source>Looks like an existing customer: see Customers, Duplicates</source>
        <translation>Ressemble à un client existant : voir Clients, Doublons</translation>
    </message>
    <message>
        <source>Customers merged</source>
        <translation>Clients fusionnés</translation>
    </message>
    <message>
        <source>The customers were not merged</source>
        <translation>Les clients n’ont pas été fusionnés</translation>
    </message>
    <message>
        <source>Done otherwise than the preview said: Shopify or the local data changed since</source>
        <translation>Fait autrement que l’aperçu ne l’annonçait : Shopify ou les données locales ont changé depuis</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>customer {name} has no address in Shopify: local customer {no} was created from the template {template} of {country} without one; add the address in Shopify or here</source>
        <translation>le client {name} n’a pas d’adresse dans Shopify&#xa0;: le client local {no} a été créé sans adresse à partir du modèle {template} de {country}&#xa0;; ajoutez l’adresse dans Shopify ou ici</translation>
    </message>
    <message>
        <source>customer {name} has no address in Shopify: local customer {no} was created from the template {template} without one; add the address in Shopify or here</source>
        <translation>le client {name} n’a pas d’adresse dans Shopify&#xa0;: le client local {no} a été créé sans adresse à partir du modèle {template}&#xa0;; ajoutez l’adresse dans Shopify ou ici</translation>
    </message>
    <message>
        <source>cannot create: the Shopify customer has no address. Add the address in Shopify, then sync again</source>
        <translation>création impossible&#xa0;: le client Shopify n’a pas d’adresse. Ajoutez l’adresse dans Shopify, puis synchronisez à nouveau</translation>
    </message>
    <message>
        <source>no customer template is set for {country} or the shop: pick a “{customer_template}” on the Shop Card, or one for {country} under Setup, Country templates</source>
        <translation>aucun modèle client n’est défini pour {country} ni pour la boutique&#xa0;: choisissez un «&#xa0;{customer_template}&#xa0;» sur la fiche magasin, ou un modèle pour {country} dans Paramétrage, Modèles par pays</translation>
    </message>
    <message>
        <source>no customer template is set for a customer without a country or the shop: pick a “{customer_template}” on the Shop Card, or run Test connection there so that the shop&apos;s country is known</source>
        <translation>aucun modèle client n’est défini pour un client sans pays ni pour la boutique&#xa0;: choisissez un «&#xa0;{customer_template}&#xa0;» sur la fiche magasin, ou lancez-y Tester la connexion pour que le pays de la boutique soit connu</translation>
    </message>
    <message>
        <source>several local customers have the same “{field}”: {names}</source>
        <translation>plusieurs clients locaux ont le même «&#xa0;{field}&#xa0;»&#xa0;: {names}</translation>
    </message>
    <message>
        <source>several local customers have the same “{field}”: {names}; link it by hand in the Customers tab</source>
        <translation>plusieurs clients locaux ont le même «&#xa0;{field}&#xa0;»&#xa0;: {names}&#xa0;; liez-le à la main dans l’onglet Clients</translation>
    </message>
    <message>
        <source>“{field}” of local customer {no} was changed both here ({local}) and in Shopify ({shopify}) since the last sync: neither was overwritten, choose one in Conflicts</source>
        <translation>« {field} » du client local {no} a été modifié ici ({local}) et dans Shopify ({shopify}) depuis la dernière synchronisation : aucun n’a été écrasé, choisissez dans Conflits</translation>
    </message>
    <message>
        <source>“{field}” is longer than the local field: cut to {length} characters</source>
        <translation>«&#xa0;{field}&#xa0;» dépasse la longueur du champ local&#xa0;: coupé à {length} caractères</translation>
    </message>
    <message>
        <source>unknown SKU &apos;{sku}&apos; (line &apos;{line}&apos;): create the item, or turn on “{auto_create_items}” on the Shop Card</source>
        <translation>SKU inconnu «&#xa0;{sku}&#xa0;» (ligne «&#xa0;{line}&#xa0;»)&#xa0;: créez l’article, ou cochez «&#xa0;{auto_create_items}&#xa0;» sur la fiche magasin</translation>
    </message>
    <message>
        <source>{email} is not a valid e-mail address; local customer {no} was left without it: correct it in Shopify</source>
        <translation>{email} n’est pas une adresse e-mail valide&#xa0;; le client local {no} a été laissé sans&#xa0;: corrigez-la dans Shopify</translation>
    </message>
    <message>
        <source>unknown SKU &apos;{sku}&apos; (line &apos;{line}&apos;): no item has it</source>
        <translation>SKU inconnu «&#xa0;{sku}&#xa0;» (ligne «&#xa0;{line}&#xa0;»)&#xa0;: aucun article ne l’a</translation>
    </message>
    <message>
        <source>line &apos;{line}&apos; has no SKU, so no item can be found for it</source>
        <translation>la ligne «&#xa0;{line}&#xa0;» n’a pas de SKU&#xa0;: aucun article ne peut lui être trouvé</translation>
    </message>
    <message>
        <source>no country, and the shop&apos;s country is not known yet: enter the customer&apos;s country, or run Test connection on the Shop Card to take the shop&apos;s</source>
        <translation>pas de pays, et le pays de la boutique n’est pas encore connu&#xa0;: saisissez le pays du client, ou lancez Tester la connexion sur la fiche magasin pour prendre celui de la boutique</translation>
    </message>
    <message>
        <source>&apos;{value}&apos; is not a known ISO country code</source>
        <translation>«&#xa0;{value}&#xa0;» n’est pas un code pays ISO connu</translation>
    </message>
    <message>
        <source>no customer found for the order and no default customer is set: assign a customer to the order, or set a “{default_customer_no}” or turn on “{auto_create_customers}” on the Shop Card</source>
        <translation>aucun client trouvé pour la commande et aucun client par défaut n’est défini&#xa0;: attribuez un client à la commande, ou renseignez «&#xa0;{default_customer_no}&#xa0;» ou cochez «&#xa0;{auto_create_customers}&#xa0;» sur la fiche magasin</translation>
    </message>
    <message>
        <source>and no “{default_customer_no}” is set on the Shop Card</source>
        <translation>et «&#xa0;{default_customer_no}&#xa0;» n’est pas renseigné sur la fiche magasin</translation>
    </message>
    <message>
        <source>the company is not linked to a local customer and no “{default_company_no}” is set: link the company in the Companies tab, or set one on the Shop Card</source>
        <translation>la société n’est liée à aucun client local et «&#xa0;{default_company_no}&#xa0;» n’est pas renseigné&#xa0;: liez la société dans l’onglet Sociétés, ou renseignez-le sur la fiche magasin</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Société</translation>
    </message>
    <message>
        <source>Taxes</source>
        <translation>Taxes</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Sales document</source>
        <translation>Document de vente</translation>
    </message>
    <message>
        <source>Order attributes</source>
        <translation>Attributs de la commande</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>Clôture</translation>
    </message>
    <message>
        <source>Invitation</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <source>Shipment</source>
        <translation>Expédition</translation>
    </message>
    <message>
        <source>%1 (ship-to)</source>
        <translation>%1 (livraison)</translation>
    </message>
    <message>
        <source>A retry cannot fix these failures: %1. Change what each error says first (on the Shop Card, in Shopify or on the local record), then retry.</source>
        <translation>Une nouvelle tentative ne peut pas corriger ces échecs&#xa0;: %1. Changez d’abord ce que dit chaque erreur (sur la fiche magasin, dans Shopify ou sur la fiche locale), puis réessayez.</translation>
    </message>
</context>
<context>
    <name>ItemsDialog</name>
    <message>
        <source>Items</source>
        <extracomment>Items listed at most (the others are counted).</extracomment>
        <translation>Articles</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Local items</source>
        <translation>Articles locaux</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importer un CSV…</translation>
    </message>
    <message>
        <source>Import items from a CSV file</source>
        <translation>Importer des articles depuis un fichier CSV</translation>
    </message>
    <message>
        <source>Add or update local items from a CSV file (no, description, sku, unit_price; UTF-8, with a header row); refused rows are listed and change nothing</source>
        <translation>Ajouter ou mettre à jour des articles locaux depuis un fichier CSV (no, description, sku, unit_price ; UTF-8, avec une ligne d’en-tête) ; les lignes refusées sont listées et ne changent rien</translation>
    </message>
    <message>
        <source>Refused rows</source>
        <translation>Lignes refusées</translation>
    </message>
    <message>
        <source>The first %1 items are shown.</source>
        <translation>Les %1 premiers articles sont affichés.</translation>
    </message>
    <message>
        <source>There are no local items yet: import them from a CSV file.</source>
        <translation>Il n’y a pas encore d’article local : importez-les depuis un fichier CSV.</translation>
    </message>
    <message>
        <source>Items: %1</source>
        <translation>Articles : %1</translation>
    </message>
    <message>
        <source>Import items</source>
        <translation>Importer des articles</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Importing items from %1…</source>
        <translation>Import des articles depuis %1…</translation>
    </message>
    <message>
        <source>%1 was not imported; nothing was saved: %2</source>
        <translation>%1 n’a pas été importé ; rien n’a été enregistré : %2</translation>
    </message>
    <message>
        <source>Import of %1: %2 created, %3 updated, %4 unchanged, %5 refused.</source>
        <translation>Import de %1 : %2 créés, %3 mis à jour, %4 inchangés, %5 refusés.</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Link to a Shopify customer</source>
        <extracomment>The reasons strong enough for a candidate to be selected without the merchant&apos;s click. The open &quot;Move the link?&quot; question, while it is asked.</extracomment>
        <translation>Lier à un client Shopify</translation>
    </message>
    <message>
        <source>Link to a local customer</source>
        <translation>Lier à un client local</translation>
    </message>
    <message>
        <source>Search by name, e-mail or phone</source>
        <translation>Rechercher par nom, e-mail ou téléphone</translation>
    </message>
    <message>
        <source>Search candidates</source>
        <translation>Rechercher des candidats</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Candidats</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>No. and name</source>
        <translation>N° et nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>Lié à</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>&amp;Lier</translation>
    </message>
    <message>
        <source>Link the selected candidate</source>
        <translation>Lie le candidat sélectionné</translation>
    </message>
    <message>
        <source>&amp;Unlink</source>
        <translation>&amp;Délier</translation>
    </message>
    <message>
        <source>Remove the current link in this shop</source>
        <translation>Supprime le lien actuel dans ce magasin</translation>
    </message>
    <message>
        <source>&amp;Find mapping</source>
        <translation>&amp;Rechercher le mappage</translation>
    </message>
    <message>
        <source>Run the shop&apos;s matching rules again for this Shopify customer</source>
        <translation>Applique de nouveau les règles de mappage du magasin à ce client Shopify</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>Re&amp;chercher&#xa0;:</translation>
    </message>
    <message>
        <source>(not read from Shopify yet)</source>
        <translation>(pas encore lu depuis Shopify)</translation>
    </message>
    <message>
        <source>Local customer: %1</source>
        <translation>Client local&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Linked to Shopify customer %1.</source>
        <translation>Lié au client Shopify %1.</translation>
    </message>
    <message>
        <source>Not linked to a Shopify customer in %1.</source>
        <translation>Non lié à un client Shopify dans %1.</translation>
    </message>
    <message>
        <source>orders %1</source>
        <translation>commandes %1</translation>
    </message>
    <message>
        <source>Shopify customer: %1</source>
        <translation>Client Shopify&#xa0;: %1</translation>
    </message>
    <message>
        <source>Linked to local customer %1 (%2).</source>
        <translation>Lié au client local %1 (%2).</translation>
    </message>
    <message>
        <source>Not linked; waiting for review: %1</source>
        <translation>Non lié&#xa0;; en attente de vérification&#xa0;: %1</translation>
    </message>
    <message>
        <source>Not linked to a local customer.</source>
        <translation>Non lié à un client local.</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation>%1 (%2&#xa0;%)</translation>
    </message>
    <message>
        <source>Move the link?</source>
        <translation>Déplacer le lien&#xa0;?</translation>
    </message>
    <message>
        <source>Shopify customer %1 is linked to local customer %2.</source>
        <translation>Le client Shopify %1 est lié au client local %2.</translation>
    </message>
    <message>
        <source>Local customer %1 is linked to Shopify customer %2.</source>
        <translation>Le client local %1 est lié au client Shopify %2.</translation>
    </message>
    <message>
        <source>Link local customer %1 to Shopify customer %2 instead? The current link is removed.</source>
        <translation>Lier plutôt le client local %1 au client Shopify %2&#xa0;? Le lien actuel est supprimé.</translation>
    </message>
    <message>
        <source>&amp;Move the Link</source>
        <translation>&amp;Déplacer le lien</translation>
    </message>
    <message>
        <source>Nothing was linked.</source>
        <translation>Rien n’a été lié.</translation>
    </message>
    <message>
        <source>Linked local customer %1 to Shopify customer %2.</source>
        <translation>Client local %1 lié au client Shopify %2.</translation>
    </message>
    <message>
        <source>Unlinked local customer %1 from Shopify customer %2.</source>
        <translation>Lien supprimé entre le client local %1 et le client Shopify %2.</translation>
    </message>
    <message>
        <source>Find mapping: the rules link it to local customer %1 (%2).</source>
        <translation>Rechercher le mappage&#xa0;: les règles le lient au client local %1 (%2).</translation>
    </message>
    <message>
        <source>Find mapping: the existing link to %1 stands.</source>
        <translation>Rechercher le mappage&#xa0;: le lien existant avec %1 est conservé.</translation>
    </message>
    <message>
        <source>Find mapping: several local customers fit (%1); it waits in the review list until you pick one.</source>
        <translation>Rechercher le mappage&#xa0;: plusieurs clients locaux correspondent (%1)&#xa0;; il attend dans la liste à vérifier jusqu’à ce que vous en choisissiez un.</translation>
    </message>
    <message>
        <source>Find mapping: no local customer fits, and the next sync cannot create one: %1</source>
        <translation>Rechercher le mappage&#xa0;: aucun client local ne correspond, et la prochaine synchronisation ne peut pas en créer&#xa0;: %1</translation>
    </message>
    <message>
        <source>Find mapping: no local customer fits. The next sync creates one, as the Shop Card allows.</source>
        <translation>Rechercher le mappage&#xa0;: aucun client local ne correspond. La prochaine synchronisation en créera un, comme la fiche magasin l’autorise.</translation>
    </message>
    <message>
        <source>Find mapping: this shop puts every order on the default customer %1; nothing is linked.</source>
        <translation>Rechercher le mappage&#xa0;: ce magasin affecte toutes les commandes au client par défaut %1&#xa0;; rien n’est lié.</translation>
    </message>
    <message>
        <source>Find mapping: the rules cannot decide: %1</source>
        <translation>Rechercher le mappage&#xa0;: les règles ne peuvent pas trancher&#xa0;: %1</translation>
    </message>
    <message>
        <source>Find mapping: no local customer fits and creating customers is off; link it by hand.</source>
        <translation>Rechercher le mappage&#xa0;: aucun client local ne correspond et la création de clients est désactivée&#xa0;; liez-le manuellement.</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>New shop card…</source>
        <translation>Nouvelle fiche magasin…</translation>
    </message>
    <message>
        <source>Items…</source>
        <translation>Articles…</translation>
    </message>
    <message>
        <source>New sales invoice…</source>
        <translation>Nouvelle facture de vente…</translation>
    </message>
    <message>
        <source>Sync all</source>
        <translation>Tout synchroniser</translation>
    </message>
    <message>
        <source>Sync %1</source>
        <translation>Synchroniser les %1</translation>
    </message>
    <message>
        <source>About Shop Sync</source>
        <translation>À propos de Shop Sync</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Ouvrir le dossier des journaux</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ynchronisation</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>Invoice %1 posted: the posted-invoice sync sends it to Shopify.</source>
        <translation>Facture %1 validée : la synchronisation des factures validées l&apos;envoie à Shopify.</translation>
    </message>
    <message>
        <source>Invoice %1 saved (not posted).</source>
        <translation>Facture %1 enregistrée (non validée).</translation>
    </message>
    <message>
        <source>There is no log folder: the data folder cannot be written.</source>
        <translation>Il n’y a pas de dossier des journaux&#xa0;: le dossier des données n’est pas accessible en écriture.</translation>
    </message>
    <message>
        <source>%1 of %2 resources</source>
        <translation>%1 sur %2 types de données</translation>
    </message>
    <message>
        <source>Sync all cancelled after %1: %2</source>
        <translation>Synchronisation complète annulée après %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Sync all stopped: %1 failed (%2): %3</source>
        <translation>Synchronisation complète arrêtée&#xa0;: échec de %1 (%2)&#xa0;: %3</translation>
    </message>
    <message>
        <source>Sync all finished (%1): %2</source>
        <translation>Synchronisation complète terminée (%1)&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Shop Sync</source>
        <translation>Shop Sync</translation>
    </message>
    <message>
        <source>Shop Card</source>
        <translation>Fiche magasin</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Sociétés</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Gift Cards</source>
        <translation>Cartes-cadeaux</translation>
    </message>
    <message>
        <source>Shop</source>
        <extracomment>The titles without their problem count, by tab.</extracomment>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>&amp;Shop:</source>
        <translation>&amp;Magasin&#xa0;:</translation>
    </message>
    <message>
        <source>Selected shop</source>
        <translation>Magasin sélectionné</translation>
    </message>
    <message>
        <source>The shop the tabs show and sync (Ctrl+K)</source>
        <translation>Le magasin que les onglets affichent et synchronisent (Ctrl+K)</translation>
    </message>
    <message>
        <source>Sync log</source>
        <translation>Journal de synchronisation</translation>
    </message>
    <message>
        <source>Show the tab with records to check</source>
        <translation>Afficher l’onglet des enregistrements à vérifier</translation>
    </message>
    <message>
        <source>Sync progress</source>
        <translation>Progression de la synchronisation</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Stop the running sync (Esc)</source>
        <translation>Arrête la synchronisation en cours (Échap)</translation>
    </message>
    <message>
        <source>Cancel sync</source>
        <translation>Annuler la synchronisation</translation>
    </message>
    <message>
        <source>Sync this tab</source>
        <translation>Synchroniser cet onglet</translation>
    </message>
    <message>
        <source>Save shop card</source>
        <translation>Enregistrer la fiche magasin</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Choose shop</source>
        <translation>Choisir le magasin</translation>
    </message>
    <message>
        <source>Sync history</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Schedules</source>
        <translation>Planification</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <source>Setup…</source>
        <translation>Paramétrage…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>Afficher l’onglet %1</translation>
    </message>
    <message>
        <source>Demo shop</source>
        <translation>Magasin de démonstration</translation>
    </message>
    <message>
        <source>No address yet</source>
        <translation>Pas encore d’adresse</translation>
    </message>
    <message>
        <source>Shop: %1</source>
        <translation>Magasin&#xa0;: %1</translation>
    </message>
    <message>
        <source>No shop card</source>
        <translation>Aucune fiche magasin</translation>
    </message>
    <message>
        <source>Keyring: system</source>
        <translation>Trousseau&#xa0;: système</translation>
    </message>
    <message>
        <source>Keyring: locked</source>
        <translation>Trousseau&#xa0;: verrouillé</translation>
    </message>
    <message>
        <source>Keyring: none (secrets kept for this session)</source>
        <translation>Trousseau&#xa0;: aucun (secrets conservés pour cette session)</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>Dernière synchronisation&#xa0;: jamais</translation>
    </message>
    <message>
        <source>Last sync: %1 %2 (%3)</source>
        <translation>Dernière synchronisation&#xa0;: %1, %2 (%3)</translation>
    </message>
    <message>
        <source>done</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>some records failed</source>
        <translation>échecs partiels</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>Scheduled: syncing %1 of %2</source>
        <translation>Planifiée&#xa0;: synchronisation des %1 de %2</translation>
    </message>
    <message>
        <source>Next scheduled sync: %1 of %2 at %3</source>
        <translation>Prochaine synchronisation planifiée&#xa0;: %1 de %2, le %3</translation>
    </message>
    <message>
        <source>%1 (%2 to check)</source>
        <translation>%1 (%2 à vérifier)</translation>
    </message>
    <message>
        <source>%1 to check: %2</source>
        <translation>%1 à vérifier&#xa0;: %2</translation>
    </message>
    <message>
        <source>Syncing %1 of %2…</source>
        <translation>Synchronisation des %1 de %2…</translation>
    </message>
    <message>
        <source>(and %1 more)</source>
        <translation>(et %1 de plus)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Open Customers, Orders or Gift Cards to sync them (Ctrl+2 to Ctrl+4).</source>
        <translation>Ouvrez Clients, Commandes ou Cartes-cadeaux pour les synchroniser (Ctrl+2 à Ctrl+4).</translation>
    </message>
</context>
<context>
    <name>MatchLabels</name>
    <message>
        <source>Same e-mail</source>
        <translation>Même e-mail</translation>
    </message>
    <message>
        <source>Same phone</source>
        <translation>Même téléphone</translation>
    </message>
    <message>
        <source>Same bill-to address</source>
        <translation>Même adresse de facturation</translation>
    </message>
    <message>
        <source>Linked by hand</source>
        <translation>Lié manuellement</translation>
    </message>
    <message>
        <source>Created from Shopify</source>
        <translation>Créé depuis Shopify</translation>
    </message>
    <message>
        <source>Uploaded to Shopify</source>
        <translation>Envoyé à Shopify</translation>
    </message>
    <message>
        <source>Found in Shopify on upload</source>
        <translation>Trouvé dans Shopify lors de l’envoi</translation>
    </message>
    <message>
        <source>Existing link</source>
        <translation>Lien existant</translation>
    </message>
    <message>
        <source>Similar name</source>
        <translation>Nom similaire</translation>
    </message>
    <message>
        <source>Found by the search</source>
        <translation>Trouvé par la recherche</translation>
    </message>
    <message>
        <source>Ambiguous</source>
        <translation>Ambigu</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
</context>
<context>
    <name>NewShopDialog</name>
    <message>
        <source>New shop card</source>
        <translation>Nouvelle fiche magasin</translation>
    </message>
    <message>
        <source>e.g. WEB or EU-STORE</source>
        <translation>par ex. WEB ou BOUTIQUE-UE</translation>
    </message>
    <message>
        <source>Shop code</source>
        <translation>Code magasin</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Nom du magasin</translation>
    </message>
    <message>
        <source>My Shopify store</source>
        <translation>Ma boutique Shopify</translation>
    </message>
    <message>
        <source>Demo shop (built in, no account needed)</source>
        <translation>Magasin de démonstration (intégré, sans compte)</translation>
    </message>
    <message>
        <source>Where the shop is</source>
        <translation>Emplacement du magasin</translation>
    </message>
    <message>
        <source>admin.shopify.com/store/NAME</source>
        <translation>admin.shopify.com/store/NOM</translation>
    </message>
    <message>
        <source>Shopify address</source>
        <translation>Adresse Shopify</translation>
    </message>
    <message>
        <source>Shop &amp;code:</source>
        <translation>&amp;Code magasin&#xa0;:</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Shop:</source>
        <translation>&amp;Magasin&#xa0;:</translation>
    </message>
    <message>
        <source>Shopify &amp;address:</source>
        <translation>&amp;Adresse Shopify&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Suivant &gt;</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Créer</translation>
    </message>
    <message>
        <source>The shop code is 1 to 20 characters, without spaces.</source>
        <translation>Le code magasin compte de 1 à 20 caractères, sans espace.</translation>
    </message>
    <message>
        <source>A shop card with this code already exists.</source>
        <translation>Une fiche magasin avec ce code existe déjà.</translation>
    </message>
    <message>
        <source>This is not a Shopify store&apos;s address. Enter NAME, NAME.myshopify.com or admin.shopify.com/store/NAME (Shopify shows your store&apos;s myshopify.com address under Settings &gt; Domains).</source>
        <translation>Ce n’est pas l’adresse d’une boutique Shopify. Saisissez NOM, NOM.myshopify.com ou admin.shopify.com/store/NOM (Shopify affiche l’adresse myshopify.com de votre boutique sous Paramètres &gt; Domaines).</translation>
    </message>
</context>
<context>
    <name>OrderConflict</name>
    <message>
        <source>quantities increased</source>
        <translation>quantités augmentées</translation>
    </message>
    <message>
        <source>lines changed</source>
        <translation>lignes modifiées</translation>
    </message>
    <message>
        <source>shipping changed</source>
        <translation>livraison modifiée</translation>
    </message>
    <message>
        <source>order cancelled</source>
        <translation>commande annulée</translation>
    </message>
    <message>
        <source>items removed (a refund of zero)</source>
        <translation>articles retirés (un remboursement de zéro)</translation>
    </message>
    <message>
        <source>What changed in Shopify: %1.</source>
        <translation>Ce qui a changé dans Shopify&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The order was changed in Shopify after its sales document was made here; the document was not changed. Update the document to match the order in Shopify, then select the order in the %2 tab and click “%1”.</source>
        <translation>La commande a été modifiée dans Shopify après la création de son document de vente ici&#xa0;; le document n’a pas été modifié. Mettez le document à jour d’après la commande dans Shopify, puis sélectionnez la commande dans l’onglet %2 et cliquez sur «&#xa0;%1&#xa0;».</translation>
    </message>
</context>
<context>
    <name>OrderDetailDialog</name>
    <message>
        <source>Shopify order %1</source>
        <translation>Commande Shopify %1</translation>
    </message>
    <message>
        <source>Conflict: %1</source>
        <translation>Conflit&#xa0;: %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Lines (%1)</source>
        <translation>Lignes (%1)</translation>
    </message>
    <message>
        <source>Shipping (%1)</source>
        <translation>Expédition (%1)</translation>
    </message>
    <message>
        <source>Transactions (%1)</source>
        <translation>Transactions (%1)</translation>
    </message>
    <message>
        <source>Refunds and returns (%1)</source>
        <translation>Remboursements et retours (%1)</translation>
    </message>
    <message>
        <source>Sales document</source>
        <translation>Document de vente</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Historique…</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Traitée</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importée</translation>
    </message>
    <message>
        <source>%1, cancelled in Shopify</source>
        <translation>%1, annulée dans Shopify</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Commande&#xa0;:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>État&#xa0;:</translation>
    </message>
    <message>
        <source>Payment:</source>
        <translation>Paiement&#xa0;:</translation>
    </message>
    <message>
        <source>(outstanding %1)</source>
        <translation>(reste dû %1)</translation>
    </message>
    <message>
        <source>Fulfillment:</source>
        <translation>Traitement&#xa0;:</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aucun pour l’instant</translation>
    </message>
    <message>
        <source>(bill-to %1)</source>
        <translation>(facturation %1)</translation>
    </message>
    <message>
        <source>(chosen by hand)</source>
        <translation>(choisi manuellement)</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Client&#xa0;:</translation>
    </message>
    <message>
        <source>E-mail:</source>
        <translation>E-mail&#xa0;:</translation>
    </message>
    <message>
        <source>Not assessed</source>
        <translation>Non évalué</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Élevé</translation>
    </message>
    <message>
        <source>Risk:</source>
        <translation>Risque&#xa0;:</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Canal&#xa0;:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>(ship-to %1)</source>
        <translation>(adresse de livraison %1)</translation>
    </message>
    <message>
        <source>Payment terms:</source>
        <translation>Conditions de paiement&#xa0;:</translation>
    </message>
    <message>
        <source>Tags:</source>
        <translation>Balises&#xa0;:</translation>
    </message>
    <message>
        <source>Attributes:</source>
        <translation>Attributs&#xa0;:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Note&#xa0;:</translation>
    </message>
    <message>
        <source>Subtotal:</source>
        <translation>Sous-total&#xa0;:</translation>
    </message>
    <message>
        <source>Discounts:</source>
        <translation>Remises&#xa0;:</translation>
    </message>
    <message>
        <source>Shipping:</source>
        <translation>Expédition&#xa0;:</translation>
    </message>
    <message>
        <source>Tax:</source>
        <translation>Taxe&#xa0;:</translation>
    </message>
    <message>
        <source>(included in prices)</source>
        <translation>(incluse dans les prix)</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>Total&#xa0;:</translation>
    </message>
    <message>
        <source>Customer paid in:</source>
        <translation>Devise de paiement du client&#xa0;:</translation>
    </message>
    <message>
        <source>Ship to:</source>
        <translation>Livraison&#xa0;:</translation>
    </message>
    <message>
        <source>Bill to:</source>
        <translation>Facturation&#xa0;:</translation>
    </message>
    <message>
        <source>Gift card</source>
        <translation>Carte-cadeau</translation>
    </message>
    <message>
        <source>Tip</source>
        <translation>Pourboire</translation>
    </message>
    <message>
        <source>%1 (ordered %2)</source>
        <translation>%1 (commandé&#xa0;: %2)</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Remise</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Taxe</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Retiré</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Passerelle</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Remboursement</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n article</numerusform>
            <numerusform>%n articles</numerusform>
        </translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Articles</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>%1 %2 of %3 for customer %4: total %5 (tax %6), status %7.</source>
        <translation>%1 %2 du %3 pour le client %4&#xa0;: total %5 (taxe %6), statut %7.</translation>
    </message>
    <message>
        <source>Also: %1.</source>
        <translation>Également&#xa0;: %1.</translation>
    </message>
    <message>
        <source>No sales document has been made from this order yet. Use Create Sales Documents on the Orders tab.</source>
        <translation>Aucun document de vente n’a encore été créé à partir de cette commande. Utilisez «&#xa0;Créer les documents de vente&#xa0;» dans l’onglet Commandes.</translation>
    </message>
    <message>
        <source>Due date:</source>
        <translation>Échéance&#xa0;:</translation>
    </message>
    <message>
        <source>Ship-to code %1</source>
        <translation>Code d’adresse de livraison %1</translation>
    </message>
</context>
<context>
    <name>OrderLabels</name>
    <message>
        <source>Pending</source>
        <extracomment>Raw value for sorting, in every table model (Decimal amounts, ISO dates, text as shown, flags as 0/1). The Shopify order GID of the row.</extracomment>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Authorized</source>
        <translation>Autorisé</translation>
    </message>
    <message>
        <source>Partially paid</source>
        <translation>Payé en partie</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Payé</translation>
    </message>
    <message>
        <source>Partially refunded</source>
        <translation>Remb. partiel</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Remboursé</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expiré</translation>
    </message>
    <message>
        <source>Unfulfilled</source>
        <translation>Non traité</translation>
    </message>
    <message>
        <source>Partially fulfilled</source>
        <translation>Partiellement traité</translation>
    </message>
    <message>
        <source>Fulfilled</source>
        <translation>Traité</translation>
    </message>
    <message>
        <source>Restocked</source>
        <translation>Remis en stock</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>En suspens</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programmé</translation>
    </message>
    <message>
        <source>Request declined</source>
        <translation>Demande refusée</translation>
    </message>
    <message>
        <source>Pending fulfillment</source>
        <translation>Traitement en attente</translation>
    </message>
    <message>
        <source>Sales order</source>
        <extracomment>The financial and fulfillment statuses offered by the filters (Shopify&apos;s values).</extracomment>
        <translation>Commande vente</translation>
    </message>
    <message>
        <source>Sales invoice</source>
        <translation>Facture vente</translation>
    </message>
    <message>
        <source>Credit memo</source>
        <translation>Avoir vente</translation>
    </message>
</context>
<context>
    <name>OrderTableModel</name>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>Fulfillment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Sales document</source>
        <translation>Document de vente</translation>
    </message>
    <message>
        <source>Error / conflict</source>
        <translation>Erreur / conflit</translation>
    </message>
    <message>
        <source>Processed, cancelled</source>
        <extracomment>What the &quot;Orders&quot; view can be narrowed to.</extracomment>
        <translation>Traitée, annulée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Traitée</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importée</translation>
    </message>
    <message>
        <source>None yet (%1)</source>
        <translation>Aucun pour l’instant (%1)</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>Aucun pour l’instant</translation>
    </message>
    <message>
        <source>Conflict: changed in Shopify after processing</source>
        <translation>Conflit&#xa0;: modifiée dans Shopify après traitement</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Paid by the customer: %1</source>
        <translation>Payé par le client&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>OrdersTab</name>
    <message>
        <source>Sync Orders brings new and changed orders from Shopify into “To import” and imports the ones the filters let through. Imported orders become local sales documents with Create Sales Documents (or by themselves when the Shop Card&apos;s Auto Create Orders is on).</source>
        <translation>«&#xa0;Synchroniser les commandes&#xa0;» place les commandes nouvelles ou modifiées dans Shopify dans «&#xa0;À importer&#xa0;» et importe celles que les filtres laissent passer. Les commandes importées deviennent des documents de vente locaux avec «&#xa0;Créer les documents de vente&#xa0;» (ou d’elles-mêmes si la création automatique est activée sur la fiche magasin).</translation>
    </message>
    <message>
        <source>Sync Orders</source>
        <translation>Synchroniser les commandes</translation>
    </message>
    <message>
        <source>Bring new and changed orders from Shopify and import the ones the saved filters let through (F5)</source>
        <translation>Récupère les commandes nouvelles ou modifiées dans Shopify et importe celles que les filtres enregistrés laissent passer (F5)</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <source>Any payment status</source>
        <translation>Tout statut de paiement</translation>
    </message>
    <message>
        <source>Any fulfillment status</source>
        <translation>Tout statut de traitement</translation>
    </message>
    <message>
        <source>Fully paid</source>
        <translation>Entièrement payée</translation>
    </message>
    <message>
        <source>Paid or not</source>
        <translation>Payée ou non</translation>
    </message>
    <message>
        <source>Fully paid only</source>
        <translation>Entièrement payées uniquement</translation>
    </message>
    <message>
        <source>Not fully paid</source>
        <translation>Pas entièrement payées</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>Niveau de risque</translation>
    </message>
    <message>
        <source>Any risk</source>
        <translation>Tout risque</translation>
    </message>
    <message>
        <source>Not high risk</source>
        <translation>Risque non élevé</translation>
    </message>
    <message>
        <source>High risk only</source>
        <translation>Risque élevé uniquement</translation>
    </message>
    <message>
        <source>Channel, e.g. web or &lt;&gt;pos</source>
        <translation>Canal, par ex. web ou &lt;&gt;pos</translation>
    </message>
    <message>
        <source>Sales channel</source>
        <translation>Canal de vente</translation>
    </message>
    <message>
        <source>The sales channel (Shopify&apos;s source name). * stands for any text, @ ignores upper and lower case, | separates choices and &lt;&gt; excludes one.</source>
        <translation>Le canal de vente (nom de la source dans Shopify). * remplace n’importe quel texte, @ ignore majuscules et minuscules, | sépare les choix et &lt;&gt; en exclut un.</translation>
    </message>
    <message>
        <source>Ship-to countries, e.g. DE, AT</source>
        <translation>Pays de livraison, par ex. DE, AT</translation>
    </message>
    <message>
        <source>Ship-to countries</source>
        <translation>Pays de livraison</translation>
    </message>
    <message>
        <source>Tags, e.g. @*wholesale*</source>
        <translation>Balises, par ex. @*gros*</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Balises</translation>
    </message>
    <message>
        <source>Orders whose tags match. Use @*tag1* to find tag1 among several tags in any case: @ ignores upper and lower case, * stands for any text (the other tags).</source>
        <translation>Les commandes dont les balises correspondent. Utilisez @*balise1* pour trouver balise1 parmi plusieurs balises, quelle que soit la casse&#xa0;: @ ignore majuscules et minuscules, * remplace n’importe quel texte (les autres balises).</translation>
    </message>
    <message>
        <source>No staged order matches the filters.

Hidden by the filters: %1</source>
        <translation>Aucune commande à importer ne correspond aux filtres.

Masquées par les filtres&#xa0;: %1</translation>
    </message>
    <message>
        <source>Use for Sync Orders</source>
        <translation>Appliquer à la synchronisation</translation>
    </message>
    <message>
        <source>From now on Sync Orders imports only the staged orders these filters show</source>
        <translation>Désormais, «&#xa0;Synchroniser les commandes&#xa0;» n’importe que les commandes en attente que ces filtres affichent</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Orders to import</source>
        <translation>Commandes à importer</translation>
    </message>
    <message>
        <source>Nothing waits to be imported.

Sync Orders stages the orders created or changed in Shopify since the last sync and imports them; the ones the filters hold back or that failed stay here.</source>
        <translation>Rien à importer.

«&#xa0;Synchroniser les commandes&#xa0;» récupère les commandes créées ou modifiées dans Shopify depuis la dernière synchronisation et les importe&#xa0;; celles que les filtres retiennent ou qui ont échoué restent ici.</translation>
    </message>
    <message>
        <source>Import Selected</source>
        <extracomment>Item data role marking a status combo&apos;s item made for a set of several statuses.</extracomment>
        <translation>Importer la sélection</translation>
    </message>
    <message>
        <source>Import the selected orders now, whatever the filters say</source>
        <translation>Importe maintenant les commandes sélectionnées, quels que soient les filtres</translation>
    </message>
    <message>
        <source>Exclude…</source>
        <translation>Exclure…</translation>
    </message>
    <message>
        <source>Delete the selected orders from this list so the sync leaves them out. An order comes back when it changes in Shopify (Del)</source>
        <translation>Supprime les commandes sélectionnées de cette liste pour que la synchronisation les ignore. Une commande revient si elle change dans Shopify (Suppr)</translation>
    </message>
    <message>
        <source>Exclude</source>
        <translation>Exclure</translation>
    </message>
    <message>
        <source>Search by order, customer or document</source>
        <translation>Rechercher par commande, client ou document</translation>
    </message>
    <message>
        <source>Search orders</source>
        <extracomment>Financial statuses Mark as Paid makes sense for.</extracomment>
        <translation>Rechercher des commandes</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>All orders</source>
        <translation>Toutes les commandes</translation>
    </message>
    <message>
        <source>Waiting for a document</source>
        <translation>En attente de document</translation>
    </message>
    <message>
        <source>Processed</source>
        <translation>Traitées</translation>
    </message>
    <message>
        <source>Errors and conflicts</source>
        <translation>Erreurs et conflits</translation>
    </message>
    <message>
        <source>Imported orders</source>
        <translation>Commandes importées</translation>
    </message>
    <message>
        <source>No imported orders yet.

Press Sync Orders to bring the open orders of your Shopify store in.</source>
        <translation>Aucune commande importée pour l’instant.

Cliquez sur «&#xa0;Synchroniser les commandes&#xa0;» pour importer les commandes ouvertes de votre boutique Shopify.</translation>
    </message>
    <message>
        <source>No imported order matches the search or the choice shown.

Hidden: %1</source>
        <translation>Aucune commande importée ne correspond à la recherche ou au choix affiché.

Masquées&#xa0;: %1</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Tout afficher</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Détails…</translation>
    </message>
    <message>
        <source>Lines, shipping, transactions, refunds, risk and the sales document of the current order (double-click)</source>
        <translation>Lignes, expédition, transactions, remboursements, risque et document de vente de la commande courante (double-clic)</translation>
    </message>
    <message>
        <source>Create Sales Documents</source>
        <translation>Créer les documents de vente</translation>
    </message>
    <message>
        <source>Make a sales invoice (fulfilled orders) or a sales order for each selected order that has none yet</source>
        <translation>Crée une facture vente (commandes traitées) ou une commande vente pour chaque commande sélectionnée qui n’en a pas encore</translation>
    </message>
    <message>
        <source>Sync from Shopify</source>
        <translation>Synchroniser depuis Shopify</translation>
    </message>
    <message>
        <source>Import the selected orders again now, with their latest data from Shopify</source>
        <translation>Réimporte maintenant les commandes sélectionnées, avec leurs dernières données Shopify</translation>
    </message>
    <message>
        <source>Mark as Paid</source>
        <translation>Marquer comme payée</translation>
    </message>
    <message>
        <source>Record the outstanding amount of the selected orders as paid in Shopify</source>
        <translation>Enregistre dans Shopify le montant restant dû des commandes sélectionnées comme payé</translation>
    </message>
    <message>
        <source>Cancel Order…</source>
        <translation>Annuler la commande…</translation>
    </message>
    <message>
        <source>Cancel the current order in Shopify (asks for the reason, restocking, refund and notification)</source>
        <translation>Annule la commande courante dans Shopify (demande le motif, la remise en stock, le remboursement et la notification)</translation>
    </message>
    <message>
        <source>Unlink Documents</source>
        <translation>Délier les documents</translation>
    </message>
    <message>
        <source>Unlink Processed Documents: the selected orders no longer count as processed; asks whether to delete their documents that are not posted or to keep them</source>
        <translation>Délier les documents traités : les commandes sélectionnées ne comptent plus comme traitées ; demande s&apos;il faut supprimer leurs documents non validés ou les garder</translation>
    </message>
    <message>
        <source>Excluding…</source>
        <translation>Exclusion en cours…</translation>
    </message>
    <message>
        <source>%1: document %2, not posted</source>
        <translation>%1 : document %2, non validé</translation>
    </message>
    <message>
        <source>%1: document %2, posted (it stays)</source>
        <translation>%1 : document %2, validé (il reste)</translation>
    </message>
    <message>
        <source>Delete the documents that are not posted, or keep them? A kept document stops Create Sales Documents from making a second one for its order until it is deleted.</source>
        <translation>Supprimer les documents non validés, ou les garder ? Tant qu&apos;un document gardé existe, Créer les documents de vente n&apos;en fait pas un second pour sa commande.</translation>
    </message>
    <message>
        <source>Posted documents are never deleted, and no second document is made for their orders.</source>
        <translation>Les documents validés ne sont jamais supprimés, et aucun second document n&apos;est fait pour leurs commandes.</translation>
    </message>
    <message>
        <source>Delete Document</source>
        <translation>Supprimer le document</translation>
    </message>
    <message>
        <source>Delete Documents</source>
        <translation>Supprimer les documents</translation>
    </message>
    <message>
        <source>Keep Document</source>
        <translation>Garder le document</translation>
    </message>
    <message>
        <source>Keep Documents</source>
        <translation>Garder les documents</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>Délier</translation>
    </message>
    <message>
        <source>Unlinked: %1.</source>
        <translation>Déliés : %1.</translation>
    </message>
    <message>
        <source>Deleted: %1.</source>
        <translation>Supprimés : %1.</translation>
    </message>
    <message>
        <source>Kept: %1; Create Sales Documents makes no second document while it exists.</source>
        <translation>Gardés : %1 ; Créer les documents de vente ne fait pas de second document tant qu&apos;il existe.</translation>
    </message>
    <message>
        <source>Mark Conflict Resolved</source>
        <translation>Marquer le conflit résolu</translation>
    </message>
    <message>
        <source>You have updated the documents to match Shopify: accept the order as it is now</source>
        <translation>Vous avez mis à jour les documents pour qu’ils correspondent à Shopify&#xa0;: acceptez la commande telle qu’elle est maintenant</translation>
    </message>
    <message>
        <source>New Invoice…</source>
        <translation>Nouvelle facture…</translation>
    </message>
    <message>
        <source>Enter a local sales invoice for this shop</source>
        <translation>Saisir une facture de vente locale pour cette boutique</translation>
    </message>
    <message>
        <source>Invoice %1 saved (not posted).</source>
        <translation>Facture %1 enregistrée (non validée).</translation>
    </message>
    <message>
        <source>Sales documents</source>
        <translation>Documents de vente</translation>
    </message>
    <message>
        <source>No sales documents yet.

Select imported orders on the Orders view and press Create Sales Documents.</source>
        <translation>Aucun document de vente pour l’instant.

Sélectionnez des commandes importées dans la vue Commandes et cliquez sur «&#xa0;Créer les documents de vente&#xa0;».</translation>
    </message>
    <message>
        <source>Lines of the selected document</source>
        <translation>Lignes du document sélectionné</translation>
    </message>
    <message>
        <source>Select a document to see its lines.</source>
        <translation>Sélectionnez un document pour voir ses lignes.</translation>
    </message>
    <message>
        <source>Sync Orders done: %1.</source>
        <translation>Synchronisation des commandes terminée&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The sync log lists each failed order.</source>
        <translation>Le journal de synchronisation liste chaque commande en échec.</translation>
    </message>
    <message>
        <source>To import (%1)</source>
        <translation>À importer (%1)</translation>
    </message>
    <message>
        <source>To import (%1 of %2)</source>
        <translation>À importer (%1 sur %2)</translation>
    </message>
    <message>
        <source>Orders (%1)</source>
        <translation>Commandes (%1)</translation>
    </message>
    <message>
        <source>Sales documents (%1)</source>
        <translation>Documents de vente (%1)</translation>
    </message>
    <message>
        <source>Sync Orders imports every staged order.</source>
        <translation>La synchronisation importe toutes les commandes en attente.</translation>
    </message>
    <message>
        <source>Sync Orders uses these filters.</source>
        <translation>La synchronisation utilise ces filtres.</translation>
    </message>
    <message>
        <source>Not saved yet: Sync Orders still uses the filters saved before. Press “Use for Sync Orders” to change them.</source>
        <translation>Pas encore enregistrés&#xa0;: la synchronisation utilise toujours les filtres précédents. Cliquez sur «&#xa0;Appliquer à la synchronisation&#xa0;» pour les changer.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Conflict on %1: %2</source>
        <translation>Conflit sur %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Error on %1: %2</source>
        <translation>Erreur sur %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>The action failed.</source>
        <translation>L’action a échoué.</translation>
    </message>
    <message>
        <source>Import Selected: %1 imported, %2 updated, %3 failed.</source>
        <translation>Importation de la sélection&#xa0;: importées %1, mises à jour %2, en échec %3.</translation>
    </message>
    <message>
        <source>Create Sales Documents: %1 created, %3 failed.</source>
        <translation>Création des documents de vente&#xa0;: créés %1, en échec %3.</translation>
    </message>
    <message>
        <source>Mark as Paid: done, %3 failed.</source>
        <translation>Marquer comme payée&#xa0;: terminé, en échec %3.</translation>
    </message>
    <message>
        <source>Cancel Order: done, %3 failed.</source>
        <translation>Annulation de commande&#xa0;: terminé, en échec %3.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more.</source>
        <translation>
            <numerusform>…et %n autre.</numerusform>
            <numerusform>…et %n autres.</numerusform>
        </translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) could not be processed:</source>
        <translation>
            <numerusform>%n commande n’a pas pu être traitée&#xa0;:</numerusform>
            <numerusform>%n commandes n’ont pas pu être traitées&#xa0;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Importing %n order(s)…</source>
        <translation>
            <numerusform>Importation de %n commande…</numerusform>
            <numerusform>Importation de %n commandes…</numerusform>
        </translation>
    </message>
    <message>
        <source>Exclude orders</source>
        <translation>Exclure des commandes</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n order(s) from the list to import?</source>
        <translation>
            <numerusform>Supprimer %n commande de la liste à importer&#xa0;?</numerusform>
            <numerusform>Supprimer %n commandes de la liste à importer&#xa0;?</numerusform>
        </translation>
    </message>
    <message>
        <source>The sync leaves them out until they change in Shopify (a new note or tag brings an order back).</source>
        <translation>La synchronisation les ignore jusqu’à ce qu’elles changent dans Shopify (une nouvelle note ou balise fait revenir une commande).</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) excluded from the import.</source>
        <translation>
            <numerusform>%n commande exclue de l’importation.</numerusform>
            <numerusform>%n commandes exclues de l’importation.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating sales documents for %n order(s)…</source>
        <translation>
            <numerusform>Création des documents de vente pour %n commande…</numerusform>
            <numerusform>Création des documents de vente pour %n commandes…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Syncing %n order(s) from Shopify…</source>
        <translation>
            <numerusform>Synchronisation de %n commande depuis Shopify…</numerusform>
            <numerusform>Synchronisation de %n commandes depuis Shopify…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Marking %n order(s) as paid in Shopify…</source>
        <translation>
            <numerusform>Marquage de %n commande comme payée dans Shopify…</numerusform>
            <numerusform>Marquage de %n commandes comme payées dans Shopify…</numerusform>
        </translation>
    </message>
    <message>
        <source>The action was cancelled.</source>
        <translation>L’action a été annulée.</translation>
    </message>
    <message>
        <source>Sync from Shopify: %2 updated, %3 failed.</source>
        <translation>Synchronisation depuis Shopify&#xa0;: commandes mises à jour %2, en échec %3.</translation>
    </message>
    <message>
        <source>Cancelling %1 in Shopify…</source>
        <translation>Annulation de %1 dans Shopify…</translation>
    </message>
    <message>
        <source>Unlink from their documents: %1?</source>
        <translation>Délier de leurs documents : %1 ?</translation>
    </message>
    <message>
        <source>Unlinking…</source>
        <translation>Déliaison en cours…</translation>
    </message>
    <message>
        <source>Resolving…</source>
        <translation>Résolution en cours…</translation>
    </message>
    <message>
        <source>Conflict resolved: %1.</source>
        <translation>Conflit résolu&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Post Shipment…</source>
        <extracomment>Document states after which nothing more is posted from the document.</extracomment>
        <translation>Valider l’expédition…</translation>
    </message>
    <message>
        <source>Post a shipment of what is still to ship on the selected sales order (with its shipping agent and tracking number); the shipments sync sends it to Shopify</source>
        <translation>Valide une expédition de ce qui reste à expédier sur la commande vente sélectionnée (avec son transporteur et son numéro de suivi) ; la synchronisation des expéditions l’envoie à Shopify</translation>
    </message>
    <message>
        <source>Post Invoice…</source>
        <translation>Valider la facture…</translation>
    </message>
    <message>
        <source>Post the selected sales invoice, or invoice the selected sales order</source>
        <translation>Valide la facture vente sélectionnée, ou facture la commande vente sélectionnée</translation>
    </message>
    <message>
        <source>Post Invoice</source>
        <translation>Valider la facture</translation>
    </message>
    <message>
        <source>Invoice sales order %1?</source>
        <translation>Facturer la commande vente %1 ?</translation>
    </message>
    <message>
        <source>Shipment %1 posted for %2 (lines: %3); the next shipments sync sends it to Shopify.</source>
        <translation>Expédition %1 validée pour %2 (lignes : %3) ; la prochaine synchronisation des expéditions l’envoie à Shopify.</translation>
    </message>
    <message>
        <source>Post sales invoice %1?</source>
        <translation>Valider la facture vente %1 ?</translation>
    </message>
    <message>
        <source>A posted invoice cannot be changed or deleted.</source>
        <translation>Une facture validée ne peut plus être modifiée ni supprimée.</translation>
    </message>
    <message>
        <source>Invoice %1 posted.</source>
        <translation>Facture %1 validée.</translation>
    </message>
    <message>
        <source>Posting the shipment of %1…</source>
        <translation>Validation de l’expédition de %1…</translation>
    </message>
    <message>
        <source>Posting the invoice of %1…</source>
        <translation>Validation de la facture de %1…</translation>
    </message>
    <message>
        <source>%1 was not posted: nothing was saved.</source>
        <translation>%1 n’a pas été validé : rien n’a été enregistré.</translation>
    </message>
</context>
<context>
    <name>PostShipmentDialog</name>
    <message>
        <source>Post shipment</source>
        <translation>Valider l’expédition</translation>
    </message>
    <message>
        <source>Post a shipment of everything still to ship on sales order %1. The next sync of shipments sends it to Shopify as a fulfillment.</source>
        <translation>Valider une expédition de tout ce qui reste à expédier sur la commande vente %1. La prochaine synchronisation des expéditions l’envoie à Shopify comme traitement (fulfillment).</translation>
    </message>
    <message>
        <source>Shipping agent</source>
        <translation>Transporteur</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Tracking number</source>
        <translation>Numéro de suivi</translation>
    </message>
    <message>
        <source>No shipping agents are set up yet: the shipment is posted without one</source>
        <translation>Aucun transporteur n’est encore défini : l’expédition est validée sans transporteur</translation>
    </message>
    <message>
        <source>Shipping &amp;agent:</source>
        <translation>&amp;Transporteur :</translation>
    </message>
    <message>
        <source>&amp;Tracking number:</source>
        <translation>&amp;Numéro de suivi :</translation>
    </message>
    <message>
        <source>Post Shipment</source>
        <translation>Valider l’expédition</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>Langue du système (%1)</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Langue de l’interface</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <source>Dates, numbers and amounts follow the language.</source>
        <translation>Les dates, les nombres et les montants suivent la langue.</translation>
    </message>
    <message>
        <source>Shop Sync shows the new language the next time it starts.</source>
        <translation>Shop Sync affichera la nouvelle langue à son prochain démarrage.</translation>
    </message>
    <message>
        <source>The database choice was not saved: %1</source>
        <translation>Le choix de base de données n&apos;a pas été enregistré : %1</translation>
    </message>
    <message>
        <source>This computer has no keyring: the password is kept only until Shop Sync closes. Put it in the PostgreSQL password file (.pgpass) instead.</source>
        <translation>Cet ordinateur n&apos;a pas de trousseau : le mot de passe n&apos;est gardé que jusqu&apos;à la fermeture de Shop Sync. Mettez-le plutôt dans le fichier de mots de passe de PostgreSQL (.pgpass).</translation>
    </message>
    <message>
        <source>Shop Sync opens the chosen database the next time it starts. Restart it now?</source>
        <extracomment>The restart question of the last accepted change (None when nothing needs a restart). The saving of a database choice started by OK (None when there was none).</extracomment>
        <translation>Shop Sync ouvre la base de données choisie à son prochain démarrage. Le redémarrer maintenant ?</translation>
    </message>
    <message>
        <source>Restart Shop Sync?</source>
        <translation>Redémarrer Shop Sync&#xa0;?</translation>
    </message>
    <message>
        <source>Shop Sync shows the new language the next time it starts. Restart it now?</source>
        <translation>Shop Sync affiche la nouvelle langue à son prochain démarrage. Le redémarrer maintenant&#xa0;?</translation>
    </message>
    <message>
        <source>Shop Sync could not start again: close it and start it yourself to see the new language.</source>
        <translation>Shop Sync n’a pas pu redémarrer&#xa0;: fermez-le et relancez-le vous-même pour voir la nouvelle langue.</translation>
    </message>
</context>
<context>
    <name>PreviewChangesModel</name>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Côté</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Opération</translation>
    </message>
    <message>
        <source>Fields (old → new)</source>
        <translation>Champs (ancien → nouveau)</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Shopify</source>
        <translation>Shopify</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Lier</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Reading from Shopify and deciding… %1 records</source>
        <translation>Lecture depuis Shopify et décisions… %1 enregistrements</translation>
    </message>
    <message>
        <source>What a sync would do now, record by record. Nothing is changed, in Shopify or here; the sync that follows says where it did otherwise.</source>
        <translation>Ce qu’une synchronisation ferait maintenant, enregistrement par enregistrement. Rien n’est modifié, ni dans Shopify ni ici ; la synchronisation suivante signale ce qu’elle a fait autrement.</translation>
    </message>
    <message>
        <source>What to preview</source>
        <translation>Quoi prévisualiser</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>Run the preview again</source>
        <translation>Relancer l’aperçu</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Côté</translation>
    </message>
    <message>
        <source>All sides</source>
        <translation>Tous les côtés</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Toutes les actions</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtre</translation>
    </message>
    <message>
        <source>Filter by record or field…</source>
        <translation>Filtrer par enregistrement ou champ…</translation>
    </message>
    <message>
        <source>Cancel preview</source>
        <translation>Annuler l’aperçu</translation>
    </message>
    <message>
        <source>Preview of the %1 sync of %2</source>
        <translation>Aperçu de la synchronisation %1 de %2</translation>
    </message>
    <message>
        <source>Reading from Shopify and deciding…</source>
        <translation>Lecture depuis Shopify et décisions…</translation>
    </message>
    <message>
        <source>Preview cancelled: nothing was changed.</source>
        <translation>Aperçu annulé : rien n’a été modifié.</translation>
    </message>
    <message>
        <source>A sync would do this: %1. Nothing was changed.</source>
        <translation>Une synchronisation ferait ceci : %1. Rien n’a été modifié.</translation>
    </message>
</context>
<context>
    <name>RecordActions</name>
    <message>
        <source>&amp;Open record</source>
        <extracomment>The shop of a row and the record it names (None: the row names no record). The last address opened in the Shopify admin (for the tests).</extracomment>
        <translation>&amp;Ouvrir l’enregistrement</translation>
    </message>
    <message>
        <source>Open in Shopify &amp;admin</source>
        <translation>Ouvrir dans l’&amp;administration Shopify</translation>
    </message>
</context>
<context>
    <name>RecordHistoryDialog</name>
    <message>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Exécution</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Côté</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>Ancienne valeur</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Nouvelle valeur</translation>
    </message>
    <message>
        <source>Shopify</source>
        <extracomment>The words of a change&apos;s side and action (past tense: what was done; a preview&apos;s dialog says what will be).</extracomment>
        <translation>Shopify</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créé</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <source>Linked</source>
        <translation>Lié</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Ignoré</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Fusionné</translation>
    </message>
    <message>
        <source>Customer merged into this one</source>
        <extracomment>The fields of a merge note (`record_history.customer_history`).</extracomment>
        <translation>Client fusionné dans celui-ci</translation>
    </message>
    <message>
        <source>What moved</source>
        <translation>Ce qui a été repris</translation>
    </message>
    <message>
        <source>History of customer %1</source>
        <translation>Historique du client %1</translation>
    </message>
    <message>
        <source>History of order %1</source>
        <translation>Historique de la commande %1</translation>
    </message>
    <message>
        <source>Changes made by the syncs</source>
        <translation>Modifications faites par les synchronisations</translation>
    </message>
    <message>
        <source>No sync has changed this record yet.</source>
        <translation>Aucune synchronisation n’a encore modifié cet enregistrement.</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Supprimé</translation>
    </message>
</context>
<context>
    <name>RecordNames</name>
    <message>
        <source>Shopify customer %1</source>
        <extracomment>How a Shopify object the mirror does not hold is named, by its GID type.</extracomment>
        <translation>Client Shopify %1</translation>
    </message>
    <message>
        <source>Shopify order %1</source>
        <translation>Commande Shopify %1</translation>
    </message>
    <message>
        <source>Shopify company %1</source>
        <translation>Entreprise Shopify %1</translation>
    </message>
    <message>
        <source>Shopify company location %1</source>
        <translation>Site d’entreprise Shopify %1</translation>
    </message>
    <message>
        <source>Shopify gift card %1</source>
        <translation>Carte-cadeau Shopify %1</translation>
    </message>
    <message>
        <source>Shopify refund %1</source>
        <translation>Remboursement Shopify %1</translation>
    </message>
    <message>
        <source>Shopify draft order %1</source>
        <translation>Commande provisoire Shopify %1</translation>
    </message>
    <message>
        <source>Shopify location %1</source>
        <translation>Emplacement Shopify %1</translation>
    </message>
    <message>
        <source>Shopify record %1</source>
        <translation>Enregistrement Shopify %1</translation>
    </message>
    <message>
        <source>Local customer %1</source>
        <extracomment>The Shopify admin&apos;s page of each kind of object, by GID type.</extracomment>
        <translation>Client local %1</translation>
    </message>
</context>
<context>
    <name>Resource</name>
    <message>
        <source>Customers</source>
        <extracomment>Readable names of the resources the engine reports (signal values are `Resource` values).</extracomment>
        <translation>Clients</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Sociétés</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Shipments</source>
        <translation>Expéditions</translation>
    </message>
    <message>
        <source>Invoices</source>
        <translation>Factures</translation>
    </message>
    <message>
        <source>Gift cards</source>
        <translation>Cartes-cadeaux</translation>
    </message>
    <message>
        <source>Order actions</source>
        <translation>Actions sur les commandes</translation>
    </message>
    <message>
        <source>Customer conflicts</source>
        <translation>Conflits clients</translation>
    </message>
    <message>
        <source>Customer links</source>
        <translation>Liens des clients</translation>
    </message>
    <message>
        <source>Local customers</source>
        <translation>Clients locaux</translation>
    </message>
    <message>
        <source>Local items</source>
        <translation>Articles locaux</translation>
    </message>
    <message>
        <source>Local documents</source>
        <translation>Documents locaux</translation>
    </message>
    <message>
        <source>Setup</source>
        <translation>Paramétrage</translation>
    </message>
    <message>
        <source>Database copy</source>
        <translation>Copie de la base de données</translation>
    </message>
</context>
<context>
    <name>ResourceTab</name>
    <message>
        <source>Preview…</source>
        <extracomment>The resources its Preview button offers (its own resource when empty). The resources whose last run&apos;s failed records this tab&apos;s problem count takes in (its own resource when empty). The text of each status line (by its index in `_status_lines()`) for each shop.</extracomment>
        <translation>Aperçu…</translation>
    </message>
    <message>
        <source>What the sync would do, record by record, without changing anything</source>
        <translation>Ce que la synchronisation ferait, enregistrement par enregistrement, sans rien modifier</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
</context>
<context>
    <name>ReviewTableModel</name>
    <message>
        <source>Shopify customer</source>
        <extracomment>The store&apos;s sort key of each column (`list_shopify_customers(order_by=)`): SQL sorts. The names of the linked local customers, by number (issue 18: &quot;K0004 Lucas Lambert&quot;, not a bare number), read a page at a time.</extracomment>
        <translation>Client Shopify</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Why it waits</source>
        <translation>Motif de l’attente</translation>
    </message>
    <message>
        <source>Local candidates</source>
        <translation>Candidats locaux</translation>
    </message>
    <message>
        <source>{no} ({why})</source>
        <translation>{no} ({why})</translation>
    </message>
</context>
<context>
    <name>RunStatus</name>
    <message>
        <source>Done</source>
        <extracomment>Readable run statuses (the `sync_run.status` values).</extracomment>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Some records failed</source>
        <translation>Échecs partiels</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <source>Off</source>
        <extracomment>Labels of the intervals (minutes), &quot;off&quot; being 0.</extracomment>
        <translation>Désactivée</translation>
    </message>
    <message>
        <source>Every 5 minutes</source>
        <translation>Toutes les 5 minutes</translation>
    </message>
    <message>
        <source>Every 15 minutes</source>
        <translation>Toutes les 15 minutes</translation>
    </message>
    <message>
        <source>Every 30 minutes</source>
        <translation>Toutes les 30 minutes</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>Toutes les heures</translation>
    </message>
    <message>
        <source>Every 4 hours</source>
        <translation>Toutes les 4 heures</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Tous les jours</translation>
    </message>
    <message numerus="yes">
        <source>Every %n minute(s)</source>
        <translation>
            <numerusform>Chaque minute</numerusform>
            <numerusform>Toutes les %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <source>Scheduled syncs</source>
        <translation>Synchronisations planifiées</translation>
    </message>
    <message>
        <source>Shop Sync runs these syncs by itself while it is open, one at a time per shop; a new schedule runs at once. A sync that was started some other way in the meantime counts as the last run. To run these same schedules while Shop Sync is closed, have your system start the command shop-sync scheduler --once every minute (cron, a systemd timer or Task Scheduler; see the README).</source>
        <translation>Shop Sync lance ces synchronisations de lui-même tant qu’il est ouvert, une à la fois par magasin ; un nouveau planning s’exécute aussitôt. Une synchronisation lancée autrement entre-temps compte comme la dernière exécution. Pour exécuter ces mêmes plannings quand Shop Sync est fermé, faites lancer par votre système la commande shop-sync scheduler --once chaque minute (cron, un minuteur systemd ou le Planificateur de tâches ; voir le README).</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Prochaine exécution</translation>
    </message>
    <message>
        <source>%1 of %2: interval</source>
        <translation>%1 de %2&#xa0;: intervalle</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>%1:</source>
        <extracomment>The widget of each setting, by name.</extracomment>
        <translation>%1&#xa0;:</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>&amp;Code:</source>
        <extracomment>Field labels (with their mnemonics), by the store&apos;s field names.</extracomment>
        <translation>&amp;Code&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description&#xa0;:</translation>
    </message>
    <message>
        <source>Countr&amp;y:</source>
        <translation>Pa&amp;ys&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Tax area:</source>
        <translation>&amp;Zone fiscale&#xa0;:</translation>
    </message>
    <message>
        <source>Tax &amp;liable</source>
        <translation>Soumis à &amp;taxe</translation>
    </message>
    <message>
        <source>&amp;Payment terms:</source>
        <translation>Conditions de &amp;paiement&#xa0;:</translation>
    </message>
    <message>
        <source>C&amp;urrency:</source>
        <translation>De&amp;vise&#xa0;:</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>Caté&amp;gorie&#xa0;:</translation>
    </message>
    <message>
        <source>Customer posting gr&amp;oup:</source>
        <translation>Groupe compta. c&amp;lient&#xa0;:</translation>
    </message>
    <message>
        <source>G&amp;en. bus. posting group:</source>
        <translation>Groupe compta. &amp;marché&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;VAT bus. posting group:</source>
        <translation>Groupe compta. marché TV&amp;A&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>&amp;Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>Default c&amp;ustomer no.:</source>
        <translation>N° client par &amp;défaut&#xa0;:</translation>
    </message>
    <message>
        <source>County &amp;source:</source>
        <translation>&amp;Source région&#xa0;:</translation>
    </message>
    <message>
        <source>County &amp;code:</source>
        <translation>&amp;Code région&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>Shipping &amp;title:</source>
        <translation>&amp;Intitulé de livraison&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Local code:</source>
        <translation>Code &amp;local&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Emplacement&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Return location:</source>
        <translation>Emplacement de &amp;retour&#xa0;:</translation>
    </message>
    <message>
        <source>Payment &amp;gateway:</source>
        <extracomment>The label of the Shopify value&apos;s field when a row is added, by kind.</extracomment>
        <translation>Passerelle de &amp;paiement&#xa0;:</translation>
    </message>
    <message>
        <source>%1: required.</source>
        <extracomment>A refused value, by `SetupValueError.kind`: %1 the field, %2 the value.</extracomment>
        <translation>%1&#xa0;: obligatoire.</translation>
    </message>
    <message>
        <source>%1: “%2” is too long.</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» est trop long.</translation>
    </message>
    <message>
        <source>%1: “%2” may hold only letters, digits and - _ . / (no spaces).</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» ne peut contenir que des lettres, des chiffres et - _ . / (sans espace).</translation>
    </message>
    <message>
        <source>%1: “%2” is not a two-letter country code (such as GB, FR, US).</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est pas un code pays à deux lettres (comme GB, FR, US).</translation>
    </message>
    <message>
        <source>%1: “%2” is not a three-letter currency code (such as EUR, GBP).</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» n’est pas un code devise à trois lettres (comme EUR, GBP).</translation>
    </message>
    <message>
        <source>%1: “%2” is not one of the choices.</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» ne fait pas partie des choix.</translation>
    </message>
    <message>
        <source>%1: holds a line break or a control character.</source>
        <translation>%1&#xa0;: contient un saut de ligne ou un caractère de contrôle.</translation>
    </message>
    <message>
        <source>%1: “%2” already exists.</source>
        <translation>%1&#xa0;: «&#xa0;%2&#xa0;» existe déjà.</translation>
    </message>
    <message>
        <source>%1: there is no tax area “%2”.</source>
        <translation>%1&#xa0;: il n’y a pas de zone fiscale «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1: there is no customer template “%2”.</source>
        <translation>%1&#xa0;: il n’y a pas de modèle client «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1: there is no local customer “%2”.</source>
        <translation>%1&#xa0;: il n’y a pas de client local «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1: Shopify has no payment terms “%2”.</source>
        <translation>%1&#xa0;: Shopify n’a pas de conditions de paiement «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1: there is no G/L account “%2”.</source>
        <translation>%1&#xa0;: il n’y a pas de compte général «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1: there is no payment method “%2”. Add it on the Payment methods page first.</source>
        <translation>%1&#xa0;: il n’y a pas de mode de paiement «&#xa0;%2&#xa0;». Ajoutez-le d’abord sur la page Modes de paiement.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>the customer template of shop card %1</source>
        <extracomment>What uses a setup row, by `SetupUse.kind`: %1 the shop card, %2 the template or country.</extracomment>
        <translation>le modèle client de la fiche magasin %1</translation>
    </message>
    <message>
        <source>the %2 country template of shop card %1</source>
        <translation>le modèle du pays %2 de la fiche magasin %1</translation>
    </message>
    <message>
        <source>customer template %2</source>
        <translation>le modèle client %2</translation>
    </message>
    <message>
        <source>county %2 of shop card %1</source>
        <translation>la région %2 de la fiche magasin %1</translation>
    </message>
    <message>
        <source>the setting “%2” of shop card %1</source>
        <translation>le paramètre «&#xa0;%2&#xa0;» de la fiche magasin %1</translation>
    </message>
    <message>
        <source>the shipping title “%2” of shop card %1</source>
        <translation>l’intitulé de livraison «&#xa0;%2&#xa0;» de la fiche magasin %1</translation>
    </message>
    <message>
        <source>the payment gateway “%2” of shop card %1</source>
        <translation>la passerelle de paiement «&#xa0;%2&#xa0;» de la fiche magasin %1</translation>
    </message>
    <message>
        <source>the Shopify location “%2” of shop card %1</source>
        <translation>l’emplacement Shopify «&#xa0;%2&#xa0;» de la fiche magasin %1</translation>
    </message>
    <message>
        <source>the return location of Shopify location “%2” of shop card %1</source>
        <translation>l’emplacement de retour de l’emplacement Shopify «&#xa0;%2&#xa0;» de la fiche magasin %1</translation>
    </message>
    <message>
        <source>document %2</source>
        <translation>le document %2</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Particulier</translation>
    </message>
    <message>
        <source>Province code</source>
        <translation>Code de la région</translation>
    </message>
    <message>
        <source>Province name</source>
        <translation>Nom de la région</translation>
    </message>
    <message>
        <source>As on the Shop Card</source>
        <translation>Comme sur la fiche magasin</translation>
    </message>
    <message>
        <source>Not saved:</source>
        <translation>Non enregistré&#xa0;:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Ajouter…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Modifier…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>S&amp;upprimer</translation>
    </message>
    <message>
        <source>%1 is not removed: it is used by %2.</source>
        <translation>%1&#xa0;: non supprimé, car utilisé par %2.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Description</source>
        <extracomment>The header of the text column, by the table&apos;s `text_field`.</extracomment>
        <translation>Description</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>County</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Tax liable</source>
        <translation>Soumis à taxe</translation>
    </message>
    <message>
        <source>No counties for this shop card. Add the provinces or states whose customers and orders need a tax area.</source>
        <translation>Aucune région pour cette fiche magasin. Ajoutez les provinces ou États dont les clients et les commandes ont besoin d’une zone fiscale.</translation>
    </message>
    <message>
        <source>County %1 of shop card %2</source>
        <translation>Région %1 de la fiche magasin %2</translation>
    </message>
    <message>
        <source>New county of shop card %2</source>
        <translation>Nouvelle région de la fiche magasin %2</translation>
    </message>
    <message>
        <source>County:</source>
        <translation>Région&#xa0;:</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Tax area</source>
        <translation>Zone fiscale</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>Conditions de paiement</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>No customer templates yet. A template gives a new customer its country, category, tax area and payment terms: add one with Add…</source>
        <translation>Aucun modèle client pour l’instant. Un modèle donne à un nouveau client son pays, sa catégorie, sa zone fiscale et ses conditions de paiement&#xa0;: ajoutez-en un avec Ajouter…</translation>
    </message>
    <message>
        <source>Customer template %1</source>
        <translation>Modèle client %1</translation>
    </message>
    <message>
        <source>New customer template</source>
        <translation>Nouveau modèle client</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code&#xa0;:</translation>
    </message>
    <message>
        <source>Template %1</source>
        <translation>Le modèle %1</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Default customer</source>
        <translation>Client par défaut</translation>
    </message>
    <message>
        <source>County source</source>
        <translation>Source région</translation>
    </message>
    <message>
        <source>No country templates for this shop card. Customers of every country take the Shop Card&apos;s customer template; add a country to give its customers another template, a default customer or a tax area.</source>
        <translation>Aucun modèle par pays pour cette fiche magasin. Les clients de tous les pays prennent le modèle client de la fiche magasin&#xa0;; ajoutez un pays pour donner à ses clients un autre modèle, un client par défaut ou une zone fiscale.</translation>
    </message>
    <message>
        <source>What a sync needs to create customers and documents: the templates new customers are made from, the template and default customer per country of each shop card, the tax areas and counties, the G/L accounts and payment methods, and the local codes Shopify&apos;s shipping titles, payment terms, payment gateways and locations stand for. Each change is saved at once and kept in the history.</source>
        <translation>Ce dont une synchronisation a besoin pour créer des clients et des documents&#xa0;: les modèles à partir desquels les nouveaux clients sont créés, le modèle et le client par défaut par pays de chaque fiche magasin, les zones fiscales et les régions, les comptes généraux et les modes de paiement, et les codes locaux que représentent les intitulés de livraison, conditions de paiement, passerelles de paiement et emplacements de Shopify. Chaque modification est enregistrée aussitôt et conservée dans l’historique.</translation>
    </message>
    <message>
        <source>&amp;Shipment methods</source>
        <translation>Modes de &amp;livraison</translation>
    </message>
    <message>
        <source>&amp;Payment terms</source>
        <translation>&amp;Conditions de paiement</translation>
    </message>
    <message>
        <source>Shopify &amp;locations</source>
        <translation>&amp;Emplacements Shopify</translation>
    </message>
    <message>
        <source>&amp;G/L accounts</source>
        <translation>Compte&amp;s généraux</translation>
    </message>
    <message>
        <source>Payment &amp;methods</source>
        <translation>Modes &amp;de paiement</translation>
    </message>
    <message>
        <source>Payment gate&amp;ways</source>
        <translation>Passerelles de pa&amp;iement</translation>
    </message>
    <message>
        <source>L&amp;ocal locations</source>
        <translation>Emplacements l&amp;ocaux</translation>
    </message>
    <message>
        <source>Shop card</source>
        <translation>Fiche magasin</translation>
    </message>
    <message>
        <source>S&amp;hop card:</source>
        <translation>&amp;Fiche magasin&#xa0;:</translation>
    </message>
    <message>
        <source>%1 customer template of shop card %2</source>
        <translation>Modèle client %1 de la fiche magasin %2</translation>
    </message>
    <message>
        <source>New country template of shop card %1</source>
        <translation>Nouveau modèle par pays de la fiche magasin %1</translation>
    </message>
    <message>
        <source>Country:</source>
        <translation>Pays&#xa0;:</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>Utilisé par</translation>
    </message>
    <message>
        <source>No tax areas yet. Add the tax areas your templates and counties use.</source>
        <translation>Aucune zone fiscale pour l’instant. Ajoutez les zones fiscales qu’utilisent vos modèles et vos régions.</translation>
    </message>
    <message>
        <source>Tax area %1</source>
        <translation>La zone fiscale %1</translation>
    </message>
    <message>
        <source>New tax area</source>
        <translation>Nouvelle zone fiscale</translation>
    </message>
    <message>
        <source>No G/L accounts yet. Add the accounts the Shop Card names for shipping charges, tips, sold gift cards and refunds.</source>
        <translation>Aucun compte général pour l’instant. Ajoutez les comptes que la fiche magasin indique pour les frais de livraison, les pourboires, les cartes-cadeaux vendues et les remboursements.</translation>
    </message>
    <message>
        <source>G/L account %1</source>
        <translation>Le compte général %1</translation>
    </message>
    <message>
        <source>New G/L account</source>
        <translation>Nouveau compte général</translation>
    </message>
    <message>
        <source>No payment methods yet. Add the payment methods your documents carry, then map Shopify&apos;s payment gateways to them.</source>
        <translation>Aucun mode de paiement pour l’instant. Ajoutez les modes de paiement que portent vos documents, puis associez-leur les passerelles de paiement de Shopify.</translation>
    </message>
    <message>
        <source>Payment method %1</source>
        <translation>Le mode de paiement %1</translation>
    </message>
    <message>
        <source>New payment method</source>
        <translation>Nouveau mode de paiement</translation>
    </message>
    <message>
        <source>No local locations yet. Add the locations your items are kept at, then link Shopify&apos;s locations to them.</source>
        <translation>Aucun emplacement local pour l’instant. Ajoutez les emplacements où sont vos articles, puis liez-y les emplacements de Shopify.</translation>
    </message>
    <message>
        <source>Local location %1</source>
        <translation>L’emplacement local %1</translation>
    </message>
    <message>
        <source>New local location</source>
        <translation>Nouvel emplacement local</translation>
    </message>
    <message>
        <source>Setup</source>
        <translation>Paramétrage</translation>
    </message>
    <message>
        <source>Customer &amp;templates</source>
        <translation>Modèles clie&amp;nts</translation>
    </message>
    <message>
        <source>&amp;Country templates</source>
        <translation>Modèles par &amp;pays</translation>
    </message>
    <message>
        <source>Ta&amp;x areas</source>
        <translation>&amp;Zones fiscales</translation>
    </message>
    <message>
        <source>Co&amp;unties</source>
        <translation>Ré&amp;gions</translation>
    </message>
    <message>
        <source>No longer in Shopify</source>
        <translation>N’est plus dans Shopify</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inactif</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Shopify location</source>
        <translation>Emplacement Shopify</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <source>Return location</source>
        <translation>Emplacement de retour</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>No Shopify locations read yet: Refresh reads them from Shopify.</source>
        <translation>Aucun emplacement Shopify lu pour l’instant&#xa0;: Relire les lit dans Shopify.</translation>
    </message>
    <message>
        <source>Clea&amp;r</source>
        <translation>&amp;Vider</translation>
    </message>
    <message>
        <source>Unlink the selected location from its local locations</source>
        <translation>Détacher l’emplacement sélectionné de ses emplacements locaux</translation>
    </message>
    <message>
        <source>Re&amp;fresh from Shopify</source>
        <translation>&amp;Relire dans Shopify</translation>
    </message>
    <message>
        <source>Reading the locations from Shopify…</source>
        <translation>Lecture des emplacements dans Shopify…</translation>
    </message>
    <message>
        <source>Not read from Shopify: %1</source>
        <translation>Non lu dans Shopify&#xa0;: %1</translation>
    </message>
    <message>
        <source>Locations read from Shopify: %1.</source>
        <translation>Emplacements lus dans Shopify&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Shopify location “%1” of shop card %2</source>
        <translation>Emplacement Shopify «&#xa0;%1&#xa0;» de la fiche magasin %2</translation>
    </message>
    <message>
        <source>Shopify location:</source>
        <translation>Emplacement Shopify&#xa0;:</translation>
    </message>
    <message>
        <source>(not mapped)</source>
        <translation>(non associé)</translation>
    </message>
    <message>
        <source>Due on receipt</source>
        <extracomment>Shopify&apos;s payment terms types, as the page shows them.</extracomment>
        <translation>À réception</translation>
    </message>
    <message>
        <source>Due on fulfilment</source>
        <translation>À l’expédition</translation>
    </message>
    <message>
        <source>Due on a fixed date</source>
        <translation>À date fixe</translation>
    </message>
    <message>
        <source>Shipping title</source>
        <translation>Intitulé de livraison</translation>
    </message>
    <message>
        <source>Shipment method</source>
        <translation>Mode de livraison</translation>
    </message>
    <message>
        <source>Local payment terms</source>
        <translation>Conditions de paiement locales</translation>
    </message>
    <message>
        <source>No shipping titles yet for this shop card. Each order&apos;s document adds the titles it carries; add one with Add… to map it before its first order.</source>
        <translation>Aucun intitulé de livraison pour cette fiche magasin. Le document de chaque commande ajoute les intitulés qu’elle porte&#xa0;; ajoutez-en un avec Ajouter… pour l’associer avant sa première commande.</translation>
    </message>
    <message>
        <source>No payment terms yet for this shop card: they are read from Shopify with the companies. Sync the companies, then map each one here.</source>
        <translation>Aucune condition de paiement pour cette fiche magasin&#xa0;: elles sont lues dans Shopify avec les entreprises. Synchronisez les entreprises, puis associez chacune ici.</translation>
    </message>
    <message>
        <source>Payment gateway</source>
        <translation>Passerelle de paiement</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>Mode de paiement</translation>
    </message>
    <message>
        <source>No payment gateways yet for this shop card. The orders&apos; payments add the gateways they went through; add one with Add… to map it before its first order.</source>
        <translation>Aucune passerelle de paiement pour cette fiche magasin. Les paiements des commandes ajoutent les passerelles par lesquelles ils sont passés ; ajoutez-en une avec Ajouter… pour l’associer avant sa première commande.</translation>
    </message>
    <message>
        <source>Payment gateway “%1” of shop card %2</source>
        <translation>Passerelle de paiement «&#xa0;%1&#xa0;» de la fiche magasin %2</translation>
    </message>
    <message>
        <source>New payment gateway of shop card %2</source>
        <translation>Nouvelle passerelle de paiement de la fiche magasin %2</translation>
    </message>
    <message>
        <source>Payment gateway:</source>
        <translation>Passerelle de paiement&#xa0;:</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Empty the local code of the selected row</source>
        <translation>Vider le code local de la ligne sélectionnée</translation>
    </message>
    <message>
        <source>Shipping title “%1” of shop card %2</source>
        <translation>Intitulé de livraison «&#xa0;%1&#xa0;» de la fiche magasin %2</translation>
    </message>
    <message>
        <source>New shipping title of shop card %2</source>
        <translation>Nouvel intitulé de livraison de la fiche magasin %2</translation>
    </message>
    <message>
        <source>Payment terms “%1” of shop card %2</source>
        <translation>Conditions de paiement «&#xa0;%1&#xa0;» de la fiche magasin %2</translation>
    </message>
    <message>
        <source>Shipping title:</source>
        <translation>Intitulé de livraison&#xa0;:</translation>
    </message>
    <message>
        <source>Payment terms:</source>
        <translation>Conditions de paiement&#xa0;:</translation>
    </message>
    <message numerus="yes">
        <source>Due in %n day(s)</source>
        <translation>
            <numerusform>À %n jour</numerusform>
            <numerusform>À %n jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more document(s)</source>
        <translation>
            <numerusform>%n autre document</numerusform>
            <numerusform>%n autres documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShopCardTab</name>
    <message>
        <source>There is no shop card yet. Create one to connect your Shopify store, or to try the built-in demo shop.</source>
        <extracomment>Every write of the card (the window&apos;s and the CLI&apos;s one way), secrets to `vault`.</extracomment>
        <translation>Il n’y a pas encore de fiche magasin. Créez-en une pour connecter votre boutique Shopify, ou pour essayer le magasin de démonstration intégré.</translation>
    </message>
    <message>
        <source>New shop card…</source>
        <translation>Nouvelle fiche magasin…</translation>
    </message>
    <message>
        <source>Add another shop card (two cards may point at one Shopify store with different rules)</source>
        <translation>Ajoute une autre fiche magasin (deux fiches peuvent viser la même boutique Shopify avec des règles différentes)</translation>
    </message>
    <message>
        <source>Remove shop card…</source>
        <translation>Supprimer la fiche magasin…</translation>
    </message>
    <message>
        <source>Revert</source>
        <extracomment>The widget of each setting, by name (the form&apos;s). Test connection, with the connection as shown (nothing stored by a test).</extracomment>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Forget the changes not saved yet</source>
        <translation>Abandonne les modifications non enregistrées</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Check and save this shop card (Ctrl+S)</source>
        <translation>Vérifie et enregistre cette fiche magasin (Ctrl+S)</translation>
    </message>
    <message>
        <source>Shop card %1</source>
        <translation>Fiche magasin %1</translation>
    </message>
    <message>
        <source>Shop card %1 removed with %2 and %3.</source>
        <translation>Fiche magasin %1 supprimée avec %2 et %3.</translation>
    </message>
    <message numerus="yes">
        <source>%n sample customer(s)</source>
        <translation>
            <numerusform>%n client d’exemple</numerusform>
            <numerusform>%n clients d’exemple</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking the keyring…</source>
        <translation>Vérification du trousseau…</translation>
    </message>
    <message>
        <source>Tokens and client secrets are stored in the system keyring.</source>
        <translation>Les jetons et les secrets client sont enregistrés dans le trousseau système.</translation>
    </message>
    <message>
        <source>The system keyring is locked: unlock it (log in to your desktop keyring) to save or use a token.</source>
        <translation>Le trousseau système est verrouillé&#xa0;: déverrouillez-le (ouvrez le trousseau de votre session) pour enregistrer ou utiliser un jeton.</translation>
    </message>
    <message>
        <source>No system keyring was found: a token or secret you enter is kept for this session only and never written to disk. Enter it again after restarting Shop Sync.</source>
        <translation>Aucun trousseau système n’a été trouvé&#xa0;: un jeton ou un secret saisi n’est conservé que pour cette session et n’est jamais écrit sur le disque. Saisissez-le de nouveau après avoir redémarré Shop Sync.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>This shop card was not saved:</source>
        <translation>Cette fiche magasin n’a pas été enregistrée&#xa0;:</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>Non enregistrée.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistrée.</translation>
    </message>
    <message>
        <source>%1: there is no customer template “%2”. Pick one from the list, or add the template first.</source>
        <translation>%1 : il n’existe pas de modèle client « %2 ». Choisissez-en un dans la liste, ou créez d’abord le modèle.</translation>
    </message>
    <message>
        <source>%1: there is no local location “%2”. Pick one from the list, or link a Shopify location to it first.</source>
        <translation>%1 : il n’existe pas d’emplacement local « %2 ». Choisissez-en un dans la liste, ou liez-y d’abord un emplacement Shopify.</translation>
    </message>
    <message>
        <source>%1: there is no G/L account “%2”. Pick one from the list, or add the account first (Setup, G/L accounts).</source>
        <translation>%1&#xa0;: il n’y a pas de compte général «&#xa0;%2&#xa0;». Choisissez-en un dans la liste, ou ajoutez d’abord le compte (Paramétrage, Comptes généraux).</translation>
    </message>
    <message>
        <source>%1: there is no local customer “%2”. Pick one from the list, or add the customer first.</source>
        <translation>%1 : il n’existe pas de client local « %2 ». Choisissez-en un dans la liste, ou créez d’abord le client.</translation>
    </message>
    <message>
        <source>The connection was not tested:</source>
        <translation>La connexion n’a pas été testée :</translation>
    </message>
    <message>
        <source>Save the card to use the demo shop, then test it.</source>
        <extracomment>The connection last tested with success and what the shop said. &quot;Use the shop&apos;s values?&quot; after a test, when the card says otherwise.</extracomment>
        <translation>Enregistrez la fiche pour utiliser le magasin de démonstration, puis testez.</translation>
    </message>
    <message>
        <source>Filled from the shop: %1. Save to keep it.</source>
        <translation>Repris du magasin : %1. Enregistrez pour le conserver.</translation>
    </message>
    <message>
        <source>Use the shop&apos;s values?</source>
        <translation>Utiliser les valeurs du magasin ?</translation>
    </message>
    <message>
        <source>The shop&apos;s values differ from this card&apos;s:</source>
        <translation>Les valeurs du magasin diffèrent de celles de cette fiche :</translation>
    </message>
    <message>
        <source>%1: %2 on the card, %3 in the shop</source>
        <translation>%1 : %2 sur la fiche, %3 dans le magasin</translation>
    </message>
    <message>
        <source>Take the shop&apos;s values? (Nothing is saved until Save.)</source>
        <translation>Reprendre les valeurs du magasin ? (Rien n’est enregistré avant Enregistrer.)</translation>
    </message>
    <message>
        <source>Remove shop card</source>
        <translation>Supprimer la fiche magasin</translation>
    </message>
    <message>
        <source>Remove the demo shop card %1 with its sample customers and the documents of its orders? Customers you created or changed stay.</source>
        <translation>Supprimer la fiche magasin de démonstration %1 avec ses clients d’exemple et les documents de ses commandes&#xa0;? Les clients que vous avez créés ou modifiés sont conservés.</translation>
    </message>
    <message>
        <source>Not saved: see the problems above.</source>
        <translation>Non enregistrée&#xa0;: voir les problèmes ci-dessus.</translation>
    </message>
    <message>
        <source>Remove the shop card %1, its settings, its stored token and its sync history? Local customers stay.</source>
        <translation>Supprimer la fiche magasin %1, ses paramètres, son jeton enregistré et son historique de synchronisation&#xa0;? Les clients locaux sont conservés.</translation>
    </message>
    <message>
        <source>Wait for the running sync to end (or cancel it) before removing this card.</source>
        <translation>Attendez la fin de la synchronisation en cours (ou annulez-la) avant de supprimer cette fiche.</translation>
    </message>
    <message>
        <source>Kept as yours (changed by you or used elsewhere): %1</source>
        <translation>Conservés comme les vôtres (modifiés par vous ou utilisés ailleurs)&#xa0;: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <extracomment>The model&apos;s columns: the code (what the field holds) and its description.</extracomment>
        <translation>(aucun)</translation>
    </message>
</context>
<context>
    <name>ShopSetting</name>
    <message>
        <source>Customer import from Shopify</source>
        <translation>Importation client à partir de Shopify</translation>
    </message>
    <message>
        <source>None: never import. With orders: only the customers of imported orders. All: every Shopify customer on Sync Customers.</source>
        <translation>Aucun&#xa0;: ne jamais importer. Avec les commandes&#xa0;: seulement les clients des commandes importées. Tous&#xa0;: chaque client Shopify, avec «&#xa0;Synchroniser les clients&#xa0;».</translation>
    </message>
    <message>
        <source>Customer mapping</source>
        <translation>Type de mappage client</translation>
    </message>
    <message>
        <source>How a Shopify customer finds its local customer.</source>
        <translation>Comment un client Shopify est mappé sur son client local.</translation>
    </message>
    <message>
        <source>Auto create unknown customers</source>
        <translation>Créer automatiquement des clients inconnus</translation>
    </message>
    <message>
        <source>Create a local customer from the country&apos;s template when no match is found.</source>
        <translation>Crée un client local à partir du modèle client du pays quand aucune correspondance n’est trouvée.</translation>
    </message>
    <message>
        <source>Shopify can update customers</source>
        <translation>Shopify peut mettre à jour les clients</translation>
    </message>
    <message>
        <source>Default customer no.</source>
        <translation>N° client par défaut</translation>
    </message>
    <message>
        <source>Customer template</source>
        <translation>Code modèle client</translation>
    </message>
    <message>
        <source>The customer template a new local customer is made from when its country has no template of its own.</source>
        <translation>Le modèle client à partir duquel un nouveau client local est créé quand son pays n’a pas de modèle propre.</translation>
    </message>
    <message>
        <source>Export customers to Shopify</source>
        <translation>Exporter les clients dans Shopify</translation>
    </message>
    <message>
        <source>On: every local customer goes up. Off: only those assigned to web upload.</source>
        <translation>Activé&#xa0;: chaque client local est envoyé. Désactivé&#xa0;: seulement ceux ajoutés à l’envoi Web.</translation>
    </message>
    <message>
        <source>Can update Shopify customers</source>
        <translation>Peut mettre à jour les clients Shopify</translation>
    </message>
    <message>
        <source>Send invite on upload</source>
        <translation>Envoyer une invitation lors de l’envoi</translation>
    </message>
    <message>
        <source>Send Shopify&apos;s account invitation to each uploaded customer.</source>
        <translation>Envoie l’invitation à créer un compte Shopify à chaque client envoyé.</translation>
    </message>
    <message>
        <source>Name source</source>
        <translation>Origine nom</translation>
    </message>
    <message>
        <source>What a customer&apos;s Name holds: the company of the Shopify address, the person&apos;s name, or nothing (Name 2&apos;s source then fills it). Going to Shopify, the company field gets an organisation&apos;s Name, or a company-source name when Contact or Name 2 holds a different person&apos;s name: never a person&apos;s own name.</source>
        <translation>Ce que contient le Nom d’un client : l’entreprise de l’adresse Shopify, le nom de la personne, ou rien (la source du Nom 2 le remplit alors). Vers Shopify, le champ entreprise reçoit le Nom d’une organisation, ou un nom de source entreprise quand Contact ou Nom 2 contient le nom d’une autre personne : jamais le nom de la personne elle-même.</translation>
    </message>
    <message>
        <source>Name 2 source</source>
        <translation>Source nom 2</translation>
    </message>
    <message>
        <source>What Name 2 holds, in the same formats; left empty when it would repeat Name.</source>
        <translation>Ce que contient le Nom 2, dans les mêmes formats ; laissé vide s’il répéterait le Nom.</translation>
    </message>
    <message>
        <source>Contact source</source>
        <translation>Source du contact</translation>
    </message>
    <message>
        <source>What Contact holds. Shopify&apos;s first and last name come from Contact, else Name 2, else Name: the first of them filled in whose source is a person&apos;s name.</source>
        <translation>Ce que contient Contact. Le prénom et le nom dans Shopify viennent de Contact, sinon du Nom 2, sinon du Nom : le premier rempli dont la source est le nom d’une personne.</translation>
    </message>
    <message>
        <source>County source</source>
        <translation>Source région</translation>
    </message>
    <message>
        <source>Whether the local County field holds the province code or its name.</source>
        <translation>Indique si le champ Région local contient le code de la région ou son nom.</translation>
    </message>
    <message>
        <source>Company import from Shopify</source>
        <translation>Importation société à partir de Shopify</translation>
    </message>
    <message>
        <source>Company mapping</source>
        <translation>Type de mappage société</translation>
    </message>
    <message>
        <source>Default company no.</source>
        <translation>N° société par défaut</translation>
    </message>
    <message>
        <source>The local customer of orders whose Shopify customer is not imported or not matched, and of every order when the mapping is &quot;Always the default customer&quot;. A country&apos;s template may name its own.</source>
        <translation>Le client local des commandes dont le client Shopify n’est pas importé ou pas mappé, et de toutes les commandes quand le type de mappage est « Toujours prendre le client par défaut ». Le modèle d’un pays peut nommer le sien.</translation>
    </message>
    <message>
        <source>Update linked local customers with changes made in Shopify. With &quot;Can update Shopify customers&quot; on too, edits go both ways, and a field changed on both sides is listed for you as a conflict instead of being overwritten.</source>
        <translation>Met à jour les clients locaux liés avec les modifications faites dans Shopify. Avec « Peut mettre à jour les clients Shopify » aussi activé, les modifications vont dans les deux sens, et un champ modifié des deux côtés vous est présenté comme un conflit au lieu d’être écrasé.</translation>
    </message>
    <message>
        <source>Send later local edits of linked customers to Shopify. With &quot;Shopify can update customers&quot; on too, edits go both ways, and a field changed on both sides is listed for you as a conflict instead of being overwritten.</source>
        <translation>Envoie à Shopify les modifications locales ultérieures des clients liés. Avec « Shopify peut mettre à jour les clients » aussi activé, les modifications vont dans les deux sens, et un champ modifié des deux côtés vous est présenté comme un conflit au lieu d’être écrasé.</translation>
    </message>
    <message>
        <source>The local customer that Shopify companies go to when the mapping is &quot;Always the default company&quot;.</source>
        <translation>Le client local auquel vont les sociétés Shopify quand le type de mappage est « Toujours prendre la société par défaut ».</translation>
    </message>
    <message>
        <source>Auto create sales documents</source>
        <translation>Créer automatiquement les documents de vente</translation>
    </message>
    <message>
        <source>Create invoices from fulfilled orders</source>
        <translation>Créer des factures à partir des commandes traitées</translation>
    </message>
    <message>
        <source>Auto release sales documents</source>
        <translation>Lancer automatiquement les documents de vente</translation>
    </message>
    <message>
        <source>Shopify order no. on document line</source>
        <translation>N° commande Shopify sur la ligne document</translation>
    </message>
    <message>
        <source>Write document no. back to Shopify</source>
        <translation>Renvoyer le n° de document à Shopify</translation>
    </message>
    <message>
        <source>Bulk writes from (records)</source>
        <translation>Écritures groupées à partir de (enregistrements)</translation>
    </message>
    <message>
        <source>From this many records at once, changes go to Shopify as one bulk operation, a few points in all, instead of one request of 10 points per record; fewer are sent one by one.</source>
        <translation>À partir de ce nombre d’enregistrements à la fois, les modifications partent vers Shopify en une seule opération groupée, quelques points en tout, au lieu d’une requête de 10 points par enregistrement ; en dessous, elles partent une par une.</translation>
    </message>
    <message>
        <source>Bring taxes in</source>
        <translation>Importer les taxes</translation>
    </message>
    <message>
        <source>Off when Shopify collects and remits the tax, to avoid paying it twice.</source>
        <translation>Désactivez-le quand Shopify collecte et reverse la taxe, pour ne pas la payer deux fois.</translation>
    </message>
    <message>
        <source>Auto create unknown items</source>
        <translation>Créer automatiquement des articles inconnus</translation>
    </message>
    <message>
        <source>Close processed orders in Shopify</source>
        <translation>Clôturer les commandes traitées dans Shopify</translation>
    </message>
    <message>
        <source>At each orders sync, close in Shopify the orders that are fulfilled and paid and whose invoice is posted here. A closed order is not touched again.</source>
        <translation>À chaque synchronisation des commandes, clôturer dans Shopify les commandes expédiées et payées dont la facture est validée ici. Une commande clôturée n&apos;est plus modifiée.</translation>
    </message>
    <message>
        <source>Shop currency</source>
        <translation>Devise du magasin</translation>
    </message>
    <message>
        <source>Leave empty when the shop uses the local currency.</source>
        <translation>Laissez vide si le magasin utilise la devise locale.</translation>
    </message>
    <message>
        <source>Currency handling</source>
        <translation>Gestion des devises</translation>
    </message>
    <message>
        <source>Company time zone</source>
        <translation>Fuseau horaire de la société</translation>
    </message>
    <message>
        <source>IANA name, e.g. Europe/Paris; used for document dates.</source>
        <translation>Nom IANA, par ex. Europe/Paris&#xa0;; sert aux dates des documents.</translation>
    </message>
    <message>
        <source>Tax area priority</source>
        <translation>Priorité de la zone fiscale</translation>
    </message>
    <message>
        <source>Which of the order&apos;s addresses gives its document a tax area: the first one with a city, looked up in the shop&apos;s counties (Setup, Counties). None: the documents get no tax area.</source>
        <translation>L’adresse de la commande qui donne une zone fiscale à son document&#xa0;: la première qui a une ville, cherchée dans les régions de la boutique (Paramétrage, Régions). Aucune&#xa0;: les documents n’ont pas de zone fiscale.</translation>
    </message>
    <message>
        <source>Shopify order number as document no.</source>
        <translation>N° de commande Shopify comme n° de document</translation>
    </message>
    <message>
        <source>The document made from an order takes the order&apos;s number in Shopify (such as #1001) instead of the next number of its series. An order whose number another document already has is not made, and says so.</source>
        <translation>Le document créé à partir d’une commande prend le numéro de la commande dans Shopify (comme #1001) au lieu du numéro suivant de sa souche. Une commande dont le numéro est déjà celui d’un autre document n’est pas créée, et le dit.</translation>
    </message>
    <message>
        <source>Shipping charges account</source>
        <translation>Compte frais de port</translation>
    </message>
    <message>
        <source>Tip account</source>
        <translation>Compte pourboires</translation>
    </message>
    <message>
        <source>Sold gift card account</source>
        <translation>Compte cartes-cadeaux vendues</translation>
    </message>
    <message>
        <source>Account for lines without an item</source>
        <translation>Compte des lignes sans article</translation>
    </message>
    <message>
        <source>Order lines whose SKU matches no item, and that should not create one (services such as engraving), go to this account instead of stopping the order. Empty: such a line stops the order until its item exists.</source>
        <translation>Les lignes de commande dont le SKU ne correspond à aucun article, et qui ne doivent pas en créer (services comme la gravure), vont sur ce compte au lieu de bloquer la commande. Vide : une telle ligne bloque la commande jusqu&apos;à ce que son article existe.</translation>
    </message>
    <message>
        <source>Refund account</source>
        <translation>Compte de remboursement</translation>
    </message>
    <message>
        <source>Refund account for non-restocked items</source>
        <translation>Compte de remboursement (articles non remis en stock)</translation>
    </message>
    <message>
        <source>Returns and refunds</source>
        <translation>Retours et remboursements</translation>
    </message>
    <message>
        <source>Return location</source>
        <translation>Emplacement de retour</translation>
    </message>
    <message>
        <source>The local location returned items go back to (see the priority below).</source>
        <translation>L’emplacement local où retournent les articles renvoyés (voir la priorité ci-dessous).</translation>
    </message>
    <message>
        <source>Return location priority</source>
        <translation>Priorité de l’emplacement de retour</translation>
    </message>
    <message>
        <source>Send shipping confirmation</source>
        <translation>Envoyer la confirmation d’expédition</translation>
    </message>
    <message>
        <source>Posted invoice sync</source>
        <translation>Synchroniser les factures validées</translation>
    </message>
    <message>
        <source>Longest wait for one answer (seconds)</source>
        <translation>Attente maximale d&apos;une réponse (secondes)</translation>
    </message>
    <message>
        <source>Shopify&apos;s answer to one request must arrive whole within this time, or the request is tried again; a request and its retries stop after two and a half times this.</source>
        <translation>La réponse de Shopify à une requête doit arriver entière dans ce délai, sinon la requête est relancée ; une requête et ses nouvelles tentatives s&apos;arrêtent après deux fois et demie ce délai.</translation>
    </message>
    <message>
        <source>Longest sync (minutes)</source>
        <translation>Durée maximale d&apos;une synchronisation (minutes)</translation>
    </message>
    <message>
        <source>A sync still running after this time is stopped and recorded as failed; what it saved before stays saved and the next sync goes on from there.</source>
        <translation>Une synchronisation encore en cours après ce délai est arrêtée et enregistrée comme échouée ; ce qu&apos;elle a déjà enregistré est conservé et la synchronisation suivante reprend à partir de là.</translation>
    </message>
    <message>
        <source>Ask before writing more Shopify records than</source>
        <translation>Demander avant d’écrire dans Shopify plus d’enregistrements que</translation>
    </message>
    <message>
        <source>Before a sync from the window writes more records to Shopify than this, or writes to Shopify for the first time from this card, its preview is shown and the sync waits for your go-ahead; 0 never asks.</source>
        <translation>Avant qu’une synchronisation lancée depuis la fenêtre n’écrive dans Shopify plus d’enregistrements que ce nombre, ou n’y écrive pour la première fois depuis cette fiche, son aperçu est affiché et la synchronisation attend votre accord ; 0 ne demande jamais.</translation>
    </message>
    <message>
        <source>Keep sync history (days)</source>
        <translation>Conserver l’historique des synchronisations (jours)</translation>
    </message>
    <message>
        <source>Runs older than this are deleted with their per-record errors at the end of a sync. The latest run of each resource is always kept.</source>
        <translation>Les exécutions plus anciennes sont supprimées avec leurs erreurs par enregistrement à la fin d’une synchronisation. La dernière exécution de chaque ressource est toujours conservée.</translation>
    </message>
    <message>
        <source>Runs kept per resource</source>
        <translation>Exécutions conservées par ressource</translation>
    </message>
    <message>
        <source>At most this many runs of each resource (customers, orders...) are kept; older ones are deleted with their per-record errors.</source>
        <translation>Au plus ce nombre d’exécutions de chaque ressource (clients, commandes…) est conservé&#xa0;; les plus anciennes sont supprimées avec leurs erreurs par enregistrement.</translation>
    </message>
</context>
<context>
    <name>ShopSettingChoice</name>
    <message>
        <source>Do not import</source>
        <translation>Ne pas importer</translation>
    </message>
    <message>
        <source>Only with their orders</source>
        <translation>Uniquement avec leurs commandes</translation>
    </message>
    <message>
        <source>All (on Sync)</source>
        <translation>Tous (à la synchronisation)</translation>
    </message>
    <message>
        <source>First name and last name</source>
        <translation>Prénom et nom</translation>
    </message>
    <message>
        <source>Last name and first name</source>
        <translation>Nom et prénom</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Nom de la société</translation>
    </message>
    <message>
        <source>Not used</source>
        <translation>Non utilisé</translation>
    </message>
    <message>
        <source>By e-mail or phone</source>
        <translation>Par e-mail/téléphone</translation>
    </message>
    <message>
        <source>By bill-to address</source>
        <translation>Par informations de facturation</translation>
    </message>
    <message>
        <source>Always the default customer</source>
        <translation>Toujours prendre le client par défaut</translation>
    </message>
    <message>
        <source>By e-mail only</source>
        <translation>Par e-mail uniquement</translation>
    </message>
    <message>
        <source>Always create a new customer</source>
        <translation>Toujours créer un nouveau client</translation>
    </message>
    <message>
        <source>Province code</source>
        <translation>Code de la région</translation>
    </message>
    <message>
        <source>Province name</source>
        <translation>Nom de la région</translation>
    </message>
    <message>
        <source>By tax ID</source>
        <translation>Par numéro d’identification fiscale</translation>
    </message>
    <message>
        <source>Always the default company</source>
        <translation>Toujours prendre la société par défaut</translation>
    </message>
    <message>
        <source>Shop currency</source>
        <translation>Devise du magasin</translation>
    </message>
    <message>
        <source>Currency the customer paid in</source>
        <translation>Devise de paiement du client</translation>
    </message>
    <message>
        <source>Ignore returns</source>
        <translation>Ignorer les retours</translation>
    </message>
    <message>
        <source>Import only</source>
        <translation>Importer uniquement</translation>
    </message>
    <message>
        <source>Import and create credit memos</source>
        <translation>Importer et créer des avoirs</translation>
    </message>
    <message>
        <source>Default return location</source>
        <translation>Emplacement de retour par défaut</translation>
    </message>
    <message>
        <source>Original location, then default</source>
        <translation>Emplacement d’origine, puis par défaut</translation>
    </message>
    <message>
        <source>None (no tax area)</source>
        <translation>Aucune (pas de zone fiscale)</translation>
    </message>
    <message>
        <source>Sell-to, then ship-to, then bill-to</source>
        <translation>Donneur d’ordre, puis livraison, puis facturation</translation>
    </message>
    <message>
        <source>Sell-to, then bill-to, then ship-to</source>
        <translation>Donneur d’ordre, puis facturation, puis livraison</translation>
    </message>
    <message>
        <source>Ship-to, then sell-to, then bill-to</source>
        <translation>Livraison, puis donneur d’ordre, puis facturation</translation>
    </message>
    <message>
        <source>Ship-to, then bill-to, then sell-to</source>
        <translation>Livraison, puis facturation, puis donneur d’ordre</translation>
    </message>
    <message>
        <source>Bill-to, then sell-to, then ship-to</source>
        <translation>Facturation, puis donneur d’ordre, puis livraison</translation>
    </message>
    <message>
        <source>Bill-to, then ship-to, then sell-to</source>
        <translation>Facturation, puis livraison, puis donneur d’ordre</translation>
    </message>
</context>
<context>
    <name>ShopSettingGroup</name>
    <message>
        <source>Customers from Shopify</source>
        <translation>Clients depuis Shopify</translation>
    </message>
    <message>
        <source>Customers to Shopify</source>
        <translation>Clients vers Shopify</translation>
    </message>
    <message>
        <source>Names and addresses</source>
        <translation>Noms et adresses</translation>
    </message>
    <message>
        <source>Business customers (B2B)</source>
        <translation>Clients professionnels (B2B)</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Comptes</translation>
    </message>
    <message>
        <source>Returns and refunds</source>
        <translation>Retours et remboursements</translation>
    </message>
    <message>
        <source>Shipments and invoices</source>
        <translation>Expéditions et factures</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>Délais</translation>
    </message>
    <message>
        <source>Sync history</source>
        <translation>Historique des synchronisations</translation>
    </message>
    <message>
        <source>Which Shopify customers come into your local customer list, how each one finds the local customer it belongs to, and what happens when none is found. Set it before the first Sync Customers; change it when orders land on the wrong customer.</source>
        <extracomment>What each setting group decides and when to change it, shown under the group&apos;s title (issue 18: help visible without a tooltip).</extracomment>
        <translation>Quels clients Shopify entrent dans votre liste de clients locale, comment chacun retrouve le client local auquel il appartient, et ce qui se passe quand aucun ne correspond. Réglez-le avant la première synchronisation des clients&#xa0;; modifiez-le quand des commandes arrivent sur le mauvais client.</translation>
    </message>
    <message>
        <source>Which local customers Sync Customers sends to Shopify (all, or only those assigned to Web Upload), and whether your later changes follow them there. With both update settings on, edits go both ways: a field changed here and in Shopify is listed under Customers, Conflicts, for you to choose.</source>
        <translation>Quels clients locaux la synchronisation des clients envoie à Shopify (tous, ou seulement ceux marqués pour l’envoi Web), et si vos modifications ultérieures les y suivent. Avec les deux réglages de mise à jour activés, les modifications vont dans les deux sens : un champ modifié ici et dans Shopify est présenté sous Clients, Conflits, pour que vous choisissiez.</translation>
    </message>
    <message>
        <source>How a Shopify customer&apos;s name, company and province fill the local Name, Name 2, Contact and County fields, and the way back. Change it before the first import when most of your customers are companies.</source>
        <translation>Comment le nom, la société et la province d’un client Shopify remplissent les champs locaux Nom, Nom 2, Contact et Région, et dans l’autre sens. Modifiez-le avant la première importation si la plupart de vos clients sont des sociétés.</translation>
    </message>
    <message>
        <source>Whether Shopify&apos;s business customers (companies, with their locations and contacts) come in, and which local customer each one belongs to. Only for a shop that sells to companies through Shopify B2B.</source>
        <translation>Si les clients professionnels de Shopify (sociétés, avec leurs sites et contacts) sont importés, et à quel client local chacun appartient. Uniquement pour un magasin qui vend à des sociétés avec Shopify B2B.</translation>
    </message>
    <message>
        <source>How imported orders become local sales documents: when they are made, released and invoiced, how they are numbered, and which currency, date and tax they use. A change applies to the documents made after it.</source>
        <translation>Comment les commandes importées deviennent des documents de vente locaux&#xa0;: quand ils sont créés, lancés et facturés, comment ils sont numérotés, et quelles devise, date et taxes ils utilisent. Une modification s’applique aux documents créés ensuite.</translation>
    </message>
    <message>
        <source>The accounts for what is not an item on an order or a refund: shipping, tips, gift cards sold, refunds. An order or refund that needs an account left empty waits with an error until you set it.</source>
        <translation>Les comptes de ce qui n’est pas un article sur une commande ou un remboursement&#xa0;: frais de port, pourboires, cartes-cadeaux vendues, remboursements. Une commande ou un remboursement qui a besoin d’un compte laissé vide attend avec une erreur jusqu’à ce que vous le renseigniez.</translation>
    </message>
    <message>
        <source>Whether refunds and returns made in Shopify become credit memos here, and which location returned items go back to. Change it when you start accepting returns.</source>
        <translation>Si les remboursements et retours faits dans Shopify deviennent ici des avoirs, et dans quel emplacement les articles retournés reviennent. Modifiez-le quand vous commencez à accepter des retours.</translation>
    </message>
    <message>
        <source>What goes back to Shopify: whether Shopify e-mails the customer when a shipment posted here becomes a fulfillment, and whether invoices posted here become Shopify orders.</source>
        <translation>Ce qui repart vers Shopify&#xa0;: si Shopify envoie un e-mail au client quand une expédition validée ici devient un traitement de commande, et si les factures validées ici deviennent des commandes Shopify.</translation>
    </message>
    <message>
        <source>How long the app waits for Shopify before trying again or stopping a sync. Raise them only when syncs stop on a slow connection.</source>
        <translation>Combien de temps l’application attend Shopify avant de réessayer ou d’arrêter une synchronisation. Augmentez-les seulement si les synchronisations s’arrêtent sur une connexion lente.</translation>
    </message>
    <message>
        <source>How much of the sync history (runs and their per-record errors) is kept. Lower it to keep the database small; raise it to look further back.</source>
        <translation>Quelle part de l’historique des synchronisations (exécutions et erreurs par enregistrement) est conservée. Baissez-la pour garder une base de données légère&#xa0;; augmentez-la pour remonter plus loin.</translation>
    </message>
</context>
<context>
    <name>ShopifyCustomerTableModel</name>
    <message>
        <source>Name</source>
        <extracomment>The Shopify GID of the row.</extracomment>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Local customer</source>
        <translation>Client local</translation>
    </message>
    <message>
        <source>Match reason</source>
        <translation>Motif du mappage</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Vérification</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Sign in to the store</source>
        <translation>Connexion à la boutique</translation>
    </message>
    <message>
        <source>Shop Sync reaches your store through an app you create for it. Nothing is stored before the connection test works.</source>
        <translation>Shop Sync accède à votre boutique par une application que vous créez pour lui. Rien n’est enregistré avant que le test de connexion réussisse.</translation>
    </message>
    <message>
        <source>Client ID and secret (an app made in the Dev Dashboard)</source>
        <translation>ID client et secret (une application créée dans le Dev Dashboard)</translation>
    </message>
    <message>
        <source>Admin API access token (an app made in the Shopify admin before 2026)</source>
        <translation>Jeton d’accès Admin API (une application créée dans l’administration Shopify avant 2026)</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>ID client</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secret client</translation>
    </message>
    <message>
        <source>Admin API access token</source>
        <translation>Jeton d’accès Admin API</translation>
    </message>
    <message>
        <source>&amp;Show what I pasted</source>
        <translation>&amp;Afficher ce que j’ai collé</translation>
    </message>
    <message>
        <source>Access scopes to grant to the app:</source>
        <translation>Autorisations d’accès (scopes) à donner à l’application :</translation>
    </message>
    <message>
        <source>Co&amp;py the list</source>
        <translation>Co&amp;pier la liste</translation>
    </message>
    <message>
        <source>Client &amp;ID:</source>
        <translation>&amp;ID client :</translation>
    </message>
    <message>
        <source>Client s&amp;ecret:</source>
        <translation>S&amp;ecret client :</translation>
    </message>
    <message>
        <source>Access &amp;token:</source>
        <translation>&amp;Jeton d’accès :</translation>
    </message>
    <message>
        <source>&lt;ol&gt;&lt;li&gt;Open the &lt;a href=&quot;https://dev.shopify.com/dashboard&quot;&gt;Shopify Dev Dashboard&lt;/a&gt; with the account that owns the store; choose &lt;b&gt;Create app&lt;/b&gt;, then &lt;b&gt;Start from Dev Dashboard&lt;/b&gt;, and name it Shop Sync.&lt;/li&gt;&lt;li&gt;On its &lt;b&gt;Versions&lt;/b&gt; tab, select the Admin API access scopes below, then &lt;b&gt;Release&lt;/b&gt; the version.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Install&lt;/b&gt; the app on your store.&lt;/li&gt;&lt;li&gt;Under &lt;b&gt;Settings&lt;/b&gt;, copy the &lt;b&gt;Client ID&lt;/b&gt; and the &lt;b&gt;Secret&lt;/b&gt; into the boxes below.&lt;/li&gt;&lt;/ol&gt;Shop Sync asks Shopify for a new access token with them when it needs one (each lasts 24 hours).</source>
        <translation>&lt;ol&gt;&lt;li&gt;Ouvrez le &lt;a href=&quot;https://dev.shopify.com/dashboard&quot;&gt;Dev Dashboard de Shopify&lt;/a&gt; avec le compte propriétaire de la boutique ; choisissez &lt;b&gt;Create app&lt;/b&gt;, puis &lt;b&gt;Start from Dev Dashboard&lt;/b&gt;, et nommez-la Shop Sync.&lt;/li&gt;&lt;li&gt;Dans son onglet &lt;b&gt;Versions&lt;/b&gt;, sélectionnez les autorisations Admin API ci-dessous, puis publiez la version (&lt;b&gt;Release&lt;/b&gt;).&lt;/li&gt;&lt;li&gt;Installez l’application sur votre boutique (&lt;b&gt;Install&lt;/b&gt;).&lt;/li&gt;&lt;li&gt;Sous &lt;b&gt;Settings&lt;/b&gt;, copiez le &lt;b&gt;Client ID&lt;/b&gt; et le &lt;b&gt;Secret&lt;/b&gt; dans les champs ci-dessous.&lt;/li&gt;&lt;/ol&gt;Avec eux, Shop Sync demande à Shopify un nouveau jeton d’accès quand il en a besoin (chacun dure 24 heures).</translation>
    </message>
    <message>
        <source>Apps created in the Shopify admin (&lt;b&gt;Settings &amp;gt; Apps &amp;gt; Develop apps&lt;/b&gt;) before 1 January 2026 keep working: open the app, give it the access scopes below under &lt;b&gt;Configuration&lt;/b&gt;, and copy its &lt;b&gt;Admin API access token&lt;/b&gt; (it starts with shpat_) under &lt;b&gt;API credentials&lt;/b&gt;. Shopify shows it only once, when the app is installed. New apps are made in the Dev Dashboard: choose Client ID and secret above.</source>
        <translation>Les applications créées dans l’administration Shopify (&lt;b&gt;Paramètres &amp;gt; Applications &amp;gt; Développer des applications&lt;/b&gt;) avant le 1er janvier 2026 fonctionnent toujours : ouvrez l’application, donnez-lui les autorisations ci-dessous sous &lt;b&gt;Configuration&lt;/b&gt;, et copiez son &lt;b&gt;jeton d’accès Admin API&lt;/b&gt; (il commence par shpat_) sous &lt;b&gt;Identifiants API&lt;/b&gt;. Shopify ne l’affiche qu’une fois, à l’installation. Les nouvelles applications se créent dans le Dev Dashboard : choisissez ID client et secret ci-dessus.</translation>
    </message>
</context>
<context>
    <name>StagedOrderTableModel</name>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Paiement</translation>
    </message>
    <message>
        <source>Fulfillment</source>
        <translation>Traitement</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Balises</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risque</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>Has Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>The last import of this order failed.</source>
        <translation>La dernière importation de cette commande a échoué.</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Élevé</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Mise à jour</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouvelle</translation>
    </message>
    <message>
        <source>Yes: %1</source>
        <translation>Oui&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>StorePage</name>
    <message>
        <source>Your store</source>
        <translation>Votre boutique</translation>
    </message>
    <message>
        <source>Which Shopify store to connect, and the card that will hold its settings.</source>
        <translation>Quelle boutique Shopify connecter, et la fiche qui en gardera les paramètres.</translation>
    </message>
    <message>
        <source>e.g. WEB or EU-STORE</source>
        <translation>p. ex. WEB ou BOUTIQUE-UE</translation>
    </message>
    <message>
        <source>Shop code</source>
        <translation>Code de la boutique</translation>
    </message>
    <message>
        <source>A short name of your choice for this shop card: letters, digits, &apos;-&apos; or &apos;_&apos;. The window and the command line use it; it cannot be changed later.</source>
        <translation>Un nom court de votre choix pour cette fiche : lettres, chiffres, « - » ou « _ ». La fenêtre et la ligne de commande l’utilisent ; il ne peut plus être changé ensuite.</translation>
    </message>
    <message>
        <source>Left empty: the store&apos;s name in Shopify</source>
        <translation>Laissé vide : le nom de la boutique dans Shopify</translation>
    </message>
    <message>
        <source>Shop name</source>
        <translation>Nom de la boutique</translation>
    </message>
    <message>
        <source>admin.shopify.com/store/NAME</source>
        <translation>admin.shopify.com/store/NOM</translation>
    </message>
    <message>
        <source>Store address</source>
        <translation>Adresse de la boutique</translation>
    </message>
    <message>
        <source>Paste the address of your Shopify admin as your browser shows it (admin.shopify.com/store/NAME), or type NAME.myshopify.com. Your store&apos;s own domain (such as www.example.com) does not work here.</source>
        <translation>Collez l’adresse de votre administration Shopify telle que votre navigateur l’affiche (admin.shopify.com/store/NOM), ou tapez NOM.myshopify.com. Le domaine propre de votre boutique (comme www.exemple.fr) ne convient pas ici.</translation>
    </message>
    <message>
        <source>Shop &amp;code:</source>
        <translation>&amp;Code de la boutique :</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>Store &amp;address:</source>
        <translation>&amp;Adresse de la boutique :</translation>
    </message>
    <message>
        <source>The shop code is 1 to 20 letters, digits, &apos;-&apos; or &apos;_&apos;, without spaces.</source>
        <translation>Le code de la boutique compte 1 à 20 lettres, chiffres, « - » ou « _ », sans espaces.</translation>
    </message>
    <message>
        <source>A shop card with this code already exists.</source>
        <translation>Une fiche boutique avec ce code existe déjà.</translation>
    </message>
    <message>
        <source>This is not a Shopify store&apos;s address. Enter NAME, NAME.myshopify.com or admin.shopify.com/store/NAME (Shopify shows your store&apos;s myshopify.com address under Settings &gt; Domains).</source>
        <translation>Ce n’est pas l’adresse d’une boutique Shopify. Saisissez NOM, NOM.myshopify.com ou admin.shopify.com/store/NOM (Shopify affiche l’adresse myshopify.com de votre boutique sous Paramètres &gt; Domaines).</translation>
    </message>
    <message>
        <source>Shop Sync will connect to %1.</source>
        <translation>Shop Sync se connectera à %1.</translation>
    </message>
</context>
<context>
    <name>SyncConfirmation</name>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>It would be this Shop Card&apos;s first write to Shopify.</source>
        <translation>Ce serait la première écriture dans Shopify depuis cette fiche boutique.</translation>
    </message>
    <message>
        <source>Its preview: %1. Nothing has been changed yet; the Preview… button lists each record.</source>
        <translation>Son aperçu : %1. Rien n’a encore été modifié ; le bouton Aperçu… liste chaque enregistrement.</translation>
    </message>
    <message>
        <source>Write to Shopify?</source>
        <translation>Écrire dans Shopify ?</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchroniser</translation>
    </message>
    <message numerus="yes">
        <source>This sync of %1 would write %n record(s) to Shopify.</source>
        <translation>
            <numerusform>Cette synchronisation des %1 écrirait %n enregistrement dans Shopify.</numerusform>
            <numerusform>Cette synchronisation des %1 écrirait %n enregistrements dans Shopify.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sync all would write %n record(s) to Shopify (%1).</source>
        <translation>
            <numerusform>Tout synchroniser écrirait %n enregistrement dans Shopify (%1).</numerusform>
            <numerusform>Tout synchroniser écrirait %n enregistrements dans Shopify (%1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncLogPanel</name>
    <message>
        <source>Sync log</source>
        <extracomment>The longest the log adds rows in one go before it lets the window&apos;s event loop run (issue 21: the goal is no stall over 50 ms; the rest waits for the next turn of the loop).</extracomment>
        <translation>Journal de synchronisation</translation>
    </message>
    <message>
        <source>Problems only</source>
        <translation>Problèmes uniquement</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <source>Empty this list (the sync history is kept)</source>
        <translation>Vide cette liste (l’historique des synchronisations est conservé)</translation>
    </message>
    <message>
        <source>Sync started</source>
        <translation>Synchronisation lancée</translation>
    </message>
    <message>
        <source>%1 (still failing, as on the last sync)</source>
        <translation>%1 (toujours en échec, comme à la dernière synchronisation)</translation>
    </message>
    <message>
        <source>Sync cancelled</source>
        <translation>Synchronisation annulée</translation>
    </message>
    <message>
        <source>Sync finished: %1 (%2 new, %3 still failing as on the last sync)</source>
        <translation>Synchronisation terminée&#xa0;: %1 (nouveaux %2, toujours en échec comme à la dernière synchronisation %3)</translation>
    </message>
    <message>
        <source>Sync finished: %1</source>
        <translation>Synchronisation terminée&#xa0;: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Avertissement&#xa0;: %1</translation>
    </message>
    <message>
        <source>Entries: %1</source>
        <translation>Entrées&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SyncLogTableModel</name>
    <message>
        <source>Time</source>
        <extracomment>Older rows are dropped beyond this many (a long session must not grow without bound). The most records named in one read of the local mirror (`SyncLogTableModel._take_batch`).</extracomment>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
</context>
<context>
    <name>SyncResultText</name>
    <message numerus="yes">
        <source>%n created</source>
        <translation>
            <numerusform>%n créé</numerusform>
            <numerusform>%n créés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n linked</source>
        <translation>
            <numerusform>%n lié</numerusform>
            <numerusform>%n liés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>%n mis à jour</numerusform>
            <numerusform>%n mis à jour</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n ignoré</numerusform>
            <numerusform>%n ignorés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n en échec</numerusform>
            <numerusform>%n en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) to resolve</source>
        <translation>
            <numerusform>%n conflit à résoudre</numerusform>
            <numerusform>%n conflits à résoudre</numerusform>
        </translation>
    </message>
    <message>
        <source>Shopify: %1</source>
        <extracomment>The translation context of the texts. The %n text of each kind of count (each listed in `ui.plurals._plurals_for_lupdate`).</extracomment>
        <translation>Shopify&#xa0;: %1</translation>
    </message>
    <message>
        <source>Local: %1</source>
        <translation>Local&#xa0;: %1</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>Aucun changement</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <source>Test the connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Shop Sync asks the store who it is and which access scopes the app has. Nothing is stored yet.</source>
        <translation>Shop Sync demande à la boutique qui elle est et quelles autorisations l’application possède. Rien n’est encore enregistré.</translation>
    </message>
    <message>
        <source>&amp;Test again</source>
        <translation>&amp;Tester à nouveau</translation>
    </message>
    <message>
        <source>&amp;Stop test</source>
        <translation>&amp;Arrêter le test</translation>
    </message>
    <message>
        <source>Store:</source>
        <translation>Boutique :</translation>
    </message>
    <message>
        <source>Country:</source>
        <translation>Pays :</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Devise :</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Fuseau horaire :</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>Forfait :</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Test de la connexion…</translation>
    </message>
    <message>
        <source>No secret was entered, so the connection cannot be tested. Finish creates the card without one: enter it later on the Shop Card and test the connection there.</source>
        <translation>Aucun secret n’a été saisi : la connexion ne peut pas être testée. Terminer crée la fiche sans secret : saisissez-le plus tard sur la fiche boutique et testez-y la connexion.</translation>
    </message>
    <message>
        <source>Test stopped. Nothing was stored.</source>
        <translation>Test arrêté. Rien n’a été enregistré.</translation>
    </message>
    <message>
        <source>Nothing was stored.</source>
        <translation>Rien n’a été enregistré.</translation>
    </message>
    <message>
        <source>Connected. On Finish the card is created with this country, currency and time zone, and the secret is stored.</source>
        <translation>Connecté. Terminer crée la fiche avec ce pays, cette devise et ce fuseau horaire, et enregistre le secret.</translation>
    </message>
    <message>
        <source>Missing access scopes: %1. You can finish now, but what needs them will fail: add them to the app&apos;s version, release it, update the app on the store and test again.</source>
        <translation>Autorisations manquantes : %1. Vous pouvez terminer maintenant, mais ce qui en a besoin échouera : ajoutez-les à la version de l’application, publiez-la, mettez à jour l’application sur la boutique et testez à nouveau.</translation>
    </message>
    <message>
        <source>Every access scope Shop Sync needs is granted.</source>
        <translation>Toutes les autorisations dont Shop Sync a besoin sont accordées.</translation>
    </message>
</context>
</TS>
