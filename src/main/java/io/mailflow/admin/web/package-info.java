/**
 * The web admin center: server-rendered pages (JTE templates compiled by the build) on the admin
 * listener at {@code /}, sign-in with sessions, CSRF tokens and a strict Content-Security-Policy,
 * in English and Japanese. Thin over the services the REST API uses; no mail-flow logic here.
 */
package io.mailflow.admin.web;
