package dev.airlock.hub.ui;

/**
 * What every page shows in its header.
 *
 * @param username the signed-in user
 * @param signInEnabled whether there is a session to log out of
 * @param csrf the CSRF token every form carries
 */
public record UiPage(String username, boolean signInEnabled, String csrf) {
}
