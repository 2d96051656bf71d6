package redact

import "testing"

func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"Authorization": true, "X-Api-Key": true, "accessKey": true, "sessionToken": true,
		"Cookie": true, "DB_PASSWD": true, "client_credentials": true,
		"browserName": false, "goog:chromeOptions": false, "next": false, "platformName": false,
	} {
		if got := SecretName(name); got != want {
			t.Errorf("SecretName(%q) = %v, want %v", name, got, want)
		}
	}
}
