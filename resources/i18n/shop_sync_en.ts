<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CustomersTab</name>
    <message numerus="yes">
        <source>%n of them failed the same way on the last sync.</source>
        <translation>
            <numerusform>%n of them failed the same way on the last sync.</numerusform>
            <numerusform>%n of them failed the same way on the last sync.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n customer(s) written to %1.</source>
        <translation>
            <numerusform>%n customer written to %1.</numerusform>
            <numerusform>%n customers written to %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assigned %n customer(s) to Web Upload for shop card %1. They go up to that store on its next sync.</source>
        <translation>
            <numerusform>Assigned %n customer to Web Upload for shop card %1. It goes up to that store on its next sync.</numerusform>
            <numerusform>Assigned %n customers to Web Upload for shop card %1. They go up to that store on its next sync.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %n customer(s) from Web Upload for shop card %1.</source>
        <translation>
            <numerusform>Removed %n customer from Web Upload for shop card %1.</numerusform>
            <numerusform>Removed %n customers from Web Upload for shop card %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrderDetailDialog</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OrdersTab</name>
    <message numerus="yes">
        <source>…and %n more.</source>
        <translation>
            <numerusform>…and %n more.</numerusform>
            <numerusform>…and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) could not be processed:</source>
        <translation>
            <numerusform>%n order could not be processed:</numerusform>
            <numerusform>%n orders could not be processed:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Importing %n order(s)…</source>
        <translation>
            <numerusform>Importing %n order…</numerusform>
            <numerusform>Importing %n orders…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n order(s) from the list to import?</source>
        <translation>
            <numerusform>Delete %n order from the list to import?</numerusform>
            <numerusform>Delete %n orders from the list to import?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n order(s) excluded from the import.</source>
        <translation>
            <numerusform>%n order excluded from the import.</numerusform>
            <numerusform>%n orders excluded from the import.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Creating sales documents for %n order(s)…</source>
        <translation>
            <numerusform>Creating sales documents for %n order…</numerusform>
            <numerusform>Creating sales documents for %n orders…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Syncing %n order(s) from Shopify…</source>
        <translation>
            <numerusform>Syncing %n order from Shopify…</numerusform>
            <numerusform>Syncing %n orders from Shopify…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Marking %n order(s) as paid in Shopify…</source>
        <translation>
            <numerusform>Marking %n order as paid in Shopify…</numerusform>
            <numerusform>Marking %n orders as paid in Shopify…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message numerus="yes">
        <source>Every %n minute(s)</source>
        <translation>
            <numerusform>Every %n minute</numerusform>
            <numerusform>Every %n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message numerus="yes">
        <source>Due in %n day(s)</source>
        <translation>
            <numerusform>Due in %n day</numerusform>
            <numerusform>Due in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more document(s)</source>
        <translation>
            <numerusform>%n more document</numerusform>
            <numerusform>%n more documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ShopCardTab</name>
    <message numerus="yes">
        <source>%n sample customer(s)</source>
        <translation>
            <numerusform>%n sample customer</numerusform>
            <numerusform>%n sample customers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncConfirmation</name>
    <message numerus="yes">
        <source>This sync of %1 would write %n record(s) to Shopify.</source>
        <translation>
            <numerusform>This sync of %1 would write %n record to Shopify.</numerusform>
            <numerusform>This sync of %1 would write %n records to Shopify.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sync all would write %n record(s) to Shopify (%1).</source>
        <translation>
            <numerusform>Sync all would write %n record to Shopify (%1).</numerusform>
            <numerusform>Sync all would write %n records to Shopify (%1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncResultText</name>
    <message numerus="yes">
        <source>%n created</source>
        <translation>
            <numerusform>%n created</numerusform>
            <numerusform>%n created</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n linked</source>
        <translation>
            <numerusform>%n linked</numerusform>
            <numerusform>%n linked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n updated</source>
        <translation>
            <numerusform>%n updated</numerusform>
            <numerusform>%n updated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n skipped</numerusform>
            <numerusform>%n skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) to resolve</source>
        <translation>
            <numerusform>%n conflict to resolve</numerusform>
            <numerusform>%n conflicts to resolve</numerusform>
        </translation>
    </message>
</context>
</TS>
