//! Passwords in the syntax of tools and libraries (patterns/secrets/credentials.toml), found
//! by the real binary in whole, realistic files: multi-line `.netrc` entries, a Docker
//! `config.json`, an Ansible inventory line holding two passwords, and the same files with
//! the secrets read from the environment, which must pass.

mod common;

use base64::Engine as _;
use common::{run, Dir, Fake};

/// A password as people generate them: letters, digits and a symbol.
fn password(fake: &mut Fake) -> String {
    format!(
        "{}{}{}",
        fake.chars("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 7),
        fake.chars("!#*-_", 1),
        fake.chars("23456789", 3)
    )
}

#[test]
fn passwords_in_tool_syntax_block_and_their_environment_twins_pass() {
    let mut fake = Fake::new(0x5eed_c4ed);
    let secrets: Vec<String> = (0..12).map(|_| password(&mut fake)).collect();
    let wordpress_key = fake.chars(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|",
        64,
    );
    let dir = Dir::new();
    let basic = |user: &str, pass: &str| {
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    };
    let files: Vec<(&str, String, &str, Vec<u64>)> = vec![
        (
            "scripts/deploy.sh",
            format!(
                "#!/bin/sh\nset -eu\ncurl -fsS -u admin:{} https://nexus.prod.internal/service/rest/v1/status\n",
                secrets[0]
            ),
            "cli-user-password",
            vec![3],
        ),
        (
            "docker/config.json",
            format!(
                "{{\n  \"auths\": {{\n    \"registry.gitlab.com\": {{\n      \"auth\": \"{}\"\n    }}\n  }}\n}}\n",
                basic("deploy", &secrets[1])
            ),
            "http-basic-auth-credentials",
            vec![4],
        ),
        (
            "ops/setup.ps1",
            format!(
                "$user = 'svc_admin'\n$pw = ConvertTo-SecureString \"{}\" -AsPlainText -Force\n",
                secrets[2]
            ),
            "powershell-plaintext-password",
            vec![2],
        ),
        (
            "ops/.netrc",
            format!(
                "machine github.com login ci-bot password {}\n\nmachine nexus.internal\n  login deploy\n  password {}\n",
                secrets[3],
                secrets[4]
            ),
            "netrc-password",
            vec![1, 5],
        ),
        (
            "ansible/inventory.ini",
            format!(
                "[web]\nweb01 ansible_host=10.0.0.5 ansible_user=deploy ansible_password={} ansible_become_pass={}\n",
                secrets[5],
                secrets[6]
            ),
            "ansible-inventory-password",
            vec![2, 2],
        ),
        (
            "src/Mailer.cs",
            format!(
                "var client = new SmtpClient(\"smtp.office365.com\")\n{{\n    Credentials = new NetworkCredential(\"alerts@agency.gov.uk\", \"{}\"),\n}};\n",
                secrets[7]
            ),
            "credential-call-password",
            vec![3],
        ),
        (
            "wordpress/wp-config.php",
            format!(
                "<?php\ndefine( 'DB_NAME', 'wordpress' );\ndefine( 'DB_PASSWORD', '{}' );\ndefine( 'AUTH_KEY', '{}' );\n",
                secrets[8],
                wordpress_key
            ),
            "php-define-secret",
            vec![3],
        ),
        (
            "redis/redis.conf",
            format!("bind 127.0.0.1\n# requirepass foobared\nrequirepass {}\n", secrets[9]),
            "redis-requirepass",
            vec![3],
        ),
        (
            "ops/.pgpass",
            format!(
                "# hostname:port:database:username:password\ndb.prod.internal:5432:cases:cases_app:{}\n",
                secrets[10]
            ),
            "pgpass-password",
            vec![2],
        ),
        (
            "docs/runbook.md",
            format!(
                "# Nexus runbook\n\nDatabase password: {}\n\nRestart the service after a change.\n",
                secrets[11]
            ),
            "document-password",
            vec![3],
        ),
    ];
    for (path, text, _, _) in &files {
        dir.write(path, text);
    }
    let out = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("BLOCKED"), "{}", out.stderr);
    let report = out.json();
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    for (path, text, rule, lines) in &files {
        let mut found: Vec<u64> = findings
            .iter()
            .filter(|f| f["path"] == *path && f["rule_id"] == *rule)
            .filter_map(|f| f["line"].as_u64())
            .collect();
        found.sort_unstable();
        assert_eq!(&found, lines, "{rule} in {path}:\n{text}");
    }
    // WordPress's key is its own rule's; the report never carries a password in clear.
    assert!(findings
        .iter()
        .any(|f| f["path"] == "wordpress/wp-config.php" && f["rule_id"] == "wordpress-auth-key"));
    for secret in secrets.iter().chain([&wordpress_key]) {
        assert!(
            !out.stdout.contains(secret.as_str()),
            "{secret} printed in clear"
        );
    }

    // The same files reading their secrets from the environment or a vault pass.
    let twins = Dir::new();
    twins.write(
        "scripts/deploy.sh",
        "curl -fsS -u \"$NEXUS_USER:$NEXUS_PASSWORD\" https://nexus.prod.internal/\n",
    );
    twins.write(
        "docker/config.json",
        "{\n  \"credsStore\": \"desktop\",\n  \"auths\": {\"registry.gitlab.com\": {}}\n}\n",
    );
    twins.write(
        "ops/setup.ps1",
        "$pw = ConvertTo-SecureString $env:ADMIN_PASSWORD -AsPlainText -Force\n",
    );
    twins.write(
        "ops/.netrc",
        "machine github.com login ci-bot password $GITHUB_TOKEN\n",
    );
    twins.write(
        "ansible/inventory.ini",
        "[web]\nweb01 ansible_user=deploy ansible_password=\"{{ vault_web_password }}\"\n",
    );
    twins.write(
        "src/Mailer.cs",
        "Credentials = new NetworkCredential(settings.User, settings.Password),\n",
    );
    twins.write(
        "wordpress/wp-config.php",
        "<?php\ndefine( 'DB_PASSWORD', getenv('DB_PASSWORD') );\ndefine( 'AUTH_KEY', 'put your unique phrase here' );\n",
    );
    twins.write("redis/redis.conf", "# requirepass foobared\n");
    twins.write(
        "ops/.pgpass",
        "# written by the CI job from its secret store\n",
    );
    twins.write(
        "docs/runbook.md",
        "# Nexus runbook\n\nDatabase password: in the team vault, entry `nexus-db`.\n",
    );
    // The same line anywhere but a password file is not one.
    twins.write(
        "docs/connections.txt",
        "db.prod.internal:5432:cases:cases_app:Qm7xT2vLk9Pz\n",
    );
    let out = run(twins.clearance(&["scan", "."]));
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("PASS"), "{}", out.stderr);
}

#[test]
fn passwords_of_eight_to_eleven_characters_are_found_and_documentation_stand_ins_are_not() {
    let mut fake = Fake::new(0x0b5e_55ed);
    let dir = Dir::new();
    // Ten-character passwords with a repeated character: under the generic rules' 3.3-bit
    // floor, which no string of ten characters or fewer can reach.
    let short: Vec<String> = (0..3)
        .map(|_| {
            let body = fake.chars("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", 6);
            let digits = fake.chars("23456789", 2);
            format!("{body}{digits}*{}", &body[..1])
        })
        .collect();
    dir.write(
        "casc/jenkins.yaml",
        format!(
            "credentials:\n  system:\n    domainCredentials:\n      - credentials:\n          - usernamePassword:\n              id: nexus\n              username: deploy\n              password: \"{}\"\n",
            short[0]
        ),
    );
    dir.write(
        "infra/terraform.tfstate",
        format!(
            "{{\n  \"resources\": [{{\n    \"instances\": [{{\"attributes\": {{\n      \"administrator_login\": \"psqladmin\",\n      \"administrator_login_password\": \"{}\"\n    }}}}]\n  }}]\n}}\n",
            short[1]
        ),
    );
    dir.write(
        "config/settings.yaml",
        format!("smtp:\n  password: '{}'\n", short[2]),
    );
    // Documentation's stand-ins, fixtures' test passwords, a short URL test password and a
    // Python type annotation.
    dir.write(
        "docs/setup.md",
        "```yaml\npassword: \"P@ssw0rd\"\n```\n\n```sh\naws connect create-user --password Pass@Word1\n```\n",
    );
    dir.write(
        "tests/test_url.py",
        "url = \"http://User:Pass@www.python.org/\"\n",
    );
    dir.write(
        "tests/fixtures/users.json",
        "[\n  {\"username\": \"alice\", \"password\": \"test1234\"},\n  {\"username\": \"root\", \"password\": \"Admin123!\"}\n]\n",
    );
    dir.write(
        "app/clients.py",
        "class MobileClient:\n    token: OAuth2Token\n    api_key: ApiKeyV2\n",
    );
    let out = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let mut found = out.path_lines();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("casc/jenkins.yaml".to_string(), 8),
            ("config/settings.yaml".to_string(), 2),
            ("infra/terraform.tfstate".to_string(), 5),
        ],
        "{short:?}\n{}",
        out.stdout
    );
}
