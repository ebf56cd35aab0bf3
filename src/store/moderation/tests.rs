//! Moderation store tests: the audit log, blocks, per-server tables, the outbox policy and
//! export/import, each on a fresh database in a temporary directory.

use super::*;
use crate::store::db::args;
use crate::store::testing::{on_both_backends, TestStore, TEST_LEASE};
use crate::store::{NewSubscription, SubKind};

on_both_backends!(
    cases_are_numbered_per_server_and_listed_newest_first,
    the_audit_log_cannot_be_edited_or_deleted,
    blocking_pauses_the_members_subscriptions_and_unblocking_resumes_them,
    hidden_documents_roles_channels_templates_and_settings_are_per_server,
    update_posts_follow_hidden_documents_channel_switches_and_the_servers_limit,
    a_feed_leaves_when_its_last_server_does,
    an_exported_configuration_imports_the_same_into_a_fresh_database,
);

fn case<'a>(guild: u64, actor: u64, action: &'a str) -> NewCase<'a> {
    NewCase {
        guild_id: guild,
        actor_id: actor,
        action,
        target: Some("t"),
        reason: None,
        outcome: "done",
    }
}

fn cases_are_numbered_per_server_and_listed_newest_first(s: &TestStore) {
    for (i, action) in ["doc hide", "block", "doc unhide"].iter().enumerate() {
        let c = s
            .record_case(&case(1, 10 + i as u64, action), 100)
            .expect("case");
        assert_eq!(c.case_no, i as i64 + 1);
    }
    assert_eq!(
        s.record_case(&case(2, 10, "block"), 100)
            .expect("other")
            .case_no,
        1
    );
    let (all, total) = s.cases(1, None, None, 1, 10).expect("cases");
    assert_eq!(total, 3);
    let numbers: Vec<i64> = all.iter().map(|c| c.case_no).collect();
    assert_eq!(numbers, [3, 2, 1]);
    let (docs, n) = s.cases(1, None, Some("doc"), 1, 10).expect("by action");
    assert_eq!((docs.len(), n), (2, 2));
    let (by, _) = s.cases(1, Some(11), None, 1, 10).expect("by actor");
    assert_eq!(by.len(), 1);
    assert_eq!(by[0].action, "block");
    let (second, _) = s.cases(1, None, None, 2, 2).expect("page 2");
    assert_eq!(second.iter().map(|c| c.case_no).collect::<Vec<_>>(), [1]);
}

fn the_audit_log_cannot_be_edited_or_deleted(s: &TestStore) {
    s.record_case(&case(1, 10, "block"), 100).expect("case");
    let conn = s.conn().expect("conn");
    assert!(conn
        .execute("UPDATE audit_log SET outcome = 'x'", args![])
        .is_err());
    assert!(conn.execute("DELETE FROM audit_log", args![]).is_err());
}

fn blocking_pauses_the_members_subscriptions_and_unblocking_resumes_them(s: &TestStore) {
    let sub = s
        .subscribe(
            &NewSubscription {
                guild_id: 1,
                channel_id: 2,
                kind: SubKind::Person,
                value: "Rutte".into(),
                mention_role_id: None,
                created_by: Some(42),
            },
            10,
        )
        .expect("subscribe");
    let block = Block {
        user_id: 42,
        reason: Some("spam".into()),
    };
    assert!(s.block(1, &block, 7, 20).expect("block"));
    assert!(!s.block(1, &block, 7, 20).expect("twice"));
    assert!(s.subscriptions(Some(1)).expect("subs")[0].paused);
    assert!(s.block_noticed(1, 42).expect("first"));
    assert!(!s.block_noticed(1, 42).expect("second"));
    s.unblock(1, 42).expect("unblock");
    let after = s.subscriptions(Some(1)).expect("subs");
    assert_eq!(after[0].id, sub.id);
    assert!(!after[0].paused);
    assert!(s.unblock(1, 42).is_err());
}

fn hidden_documents_roles_channels_templates_and_settings_are_per_server(s: &TestStore) {
    let doc = HiddenDoc {
        doc_id: "d1".into(),
        title: "T".into(),
    };
    assert!(s.hide_doc(1, &doc, 7, 1).expect("hide"));
    assert!(s.hidden_docs(2).expect("other").is_empty());
    s.unhide_doc(1, "d1").expect("unhide");
    assert!(s.unhide_doc(1, "d1").is_err());
    assert!(s.add_mod_role(1, 5, 7, 1).expect("role"));
    assert_eq!(s.mod_roles(1).expect("roles"), [5]);
    s.set_channel(1, 9, false).expect("channel");
    s.set_channel(1, 9, true).expect("channel again");
    assert_eq!(s.channel_settings(1).expect("channels").len(), 1);
    let mut settings = s.guild_settings(1).expect("defaults");
    assert!(settings.channels_default);
    settings.ask_cooldown_secs = Some(30);
    settings.modlog_channel_id = Some(77);
    s.set_guild_settings(1, &settings).expect("save");
    assert_eq!(s.guild_settings(1).expect("settings"), settings);
    assert_eq!(
        s.guild_settings(2).expect("other"),
        GuildSettings::default()
    );
    let t = GuildTemplate {
        name: "who_said.j2".into(),
        source: "x".into(),
    };
    s.set_guild_template(1, &t, 7, 1).expect("template");
    assert_eq!(s.guild_templates(1).expect("templates"), [t]);
    assert!(s.reset_guild_template(1, "who_said.j2").expect("reset"));
    assert!(!s
        .reset_guild_template(1, "who_said.j2")
        .expect("reset twice"));
}

fn update_posts_follow_hidden_documents_channel_switches_and_the_servers_limit(s: &TestStore) {
    use crate::store::NewPost;
    let mut subs = Vec::new();
    for channel in [2, 3, 4] {
        subs.push(
            s.subscribe(
                &NewSubscription {
                    guild_id: 1,
                    channel_id: channel,
                    kind: SubKind::Person,
                    value: "Rutte".into(),
                    mention_role_id: None,
                    created_by: Some(7),
                },
                10,
            )
            .expect("subscribe"),
        );
    }
    let post = |sub: &crate::store::Subscription, doc: &str, key: &str| NewPost {
        subscription_id: sub.id,
        guild_id: 1,
        channel_id: sub.channel_id,
        mention_role_id: None,
        doc_id: doc.to_string(),
        content: "post".to_string(),
        statement_keys: vec![key.to_string()],
    };
    s.queue_posts(
        &[
            post(&subs[0], "hidden", "a"),
            post(&subs[0], "ok", "b"),
            post(&subs[0], "ok2", "b2"),
            post(&subs[1], "ok", "c"),
            post(&subs[2], "ok", "d"),
        ],
        10,
    )
    .expect("queue");
    s.hide_doc(
        1,
        &HiddenDoc {
            doc_id: "hidden".into(),
            title: "T".into(),
        },
        7,
        11,
    )
    .expect("hide");
    s.set_channel(1, 3, false).expect("channel off");
    let mut settings = s.guild_settings(1).expect("settings");
    settings.posts_per_hour = Some(1);
    s.set_guild_settings(1, &settings).expect("limit");
    let delivery = s.claim_due_posts(TEST_LEASE, 20, 20, 10).expect("due");
    let mut due: Vec<(u64, String)> = delivery
        .due
        .iter()
        .map(|r| (r.channel_id, r.doc_id.clone()))
        .collect();
    due.sort();
    assert_eq!(due, [(2, "ok".to_string()), (4, "ok".to_string())]);
    assert_eq!(
        delivery.deferred, 1,
        "the server's limit of one per hour holds back ok2"
    );
}

fn a_feed_leaves_when_its_last_server_does(s: &TestStore) {
    let url = "https://example.org/feed";
    assert!(s.add_guild_feed(1, url, 300, 7, 1).expect("add"));
    assert!(s.add_guild_feed(2, url, 300, 8, 1).expect("add 2"));
    assert!(!s.add_guild_feed(1, url, 300, 7, 1).expect("again"));
    assert_eq!(s.feeds().expect("feeds").len(), 1);
    s.remove_guild_feed(1, url).expect("remove");
    assert_eq!(
        s.feeds().expect("feeds").len(),
        1,
        "server 2 still follows it"
    );
    s.remove_guild_feed(2, url).expect("remove 2");
    assert!(s.feeds().expect("feeds").is_empty());
    assert!(s.remove_guild_feed(2, url).is_err());
}

fn an_exported_configuration_imports_the_same_into_a_fresh_database(s: &TestStore) {
    s.add_guild_feed(1, "https://example.org/feed", 300, 7, 1)
        .expect("feed");
    s.add_mod_role(1, 5, 7, 1).expect("role");
    s.set_channel(1, 9, false).expect("channel");
    s.block(
        1,
        &Block {
            user_id: 42,
            reason: None,
        },
        7,
        1,
    )
    .expect("block");
    s.hide_doc(
        1,
        &HiddenDoc {
            doc_id: "d".into(),
            title: "T".into(),
        },
        7,
        1,
    )
    .expect("hide");
    s.set_guild_template(
        1,
        &GuildTemplate {
            name: "who_said.j2".into(),
            source: "x".into(),
        },
        7,
        1,
    )
    .expect("template");
    s.subscribe(
        &NewSubscription {
            guild_id: 1,
            channel_id: 9,
            kind: SubKind::Topic,
            value: "sanctions".into(),
            mention_role_id: Some(3),
            created_by: Some(7),
        },
        1,
    )
    .expect("sub");
    let exported = s.guild_config(1).expect("export");
    let fresh = s.fresh("imported");
    fresh
        .import_guild_config(1, &exported, 300, 7, 5)
        .expect("import");
    assert_eq!(fresh.guild_config(1).expect("again"), exported);
    // Importing twice changes nothing.
    fresh
        .import_guild_config(1, &exported, 300, 7, 6)
        .expect("import twice");
    assert_eq!(fresh.guild_config(1).expect("again"), exported);
}
