"""Every page of the Studio: parse the request, call the library, render. Declared in PAGES.

One module per section of the Studio (its navigation); the handlers call radio.lifecycle and the
other library packages, so the command line and the tests do exactly what a page does.
"""

from __future__ import annotations

from radio.studio.app import Page
from radio.studio.auth import Can
from radio.studio.files import MAX_UPLOAD
from radio.studio.pages.audit import audit_page
from radio.studio.pages.auth import (
    health,
    home,
    language,
    login,
    login_page,
    logout,
    password_change,
    password_page,
)
from radio.studio.pages.build import audio, build_page, build_progress, build_start, lexicon, segment_audio
from radio.studio.pages.common import TEMPLATE_HELPERS, navigation
from radio.studio.pages.facts import facts_page, facts_save
from radio.studio.pages.month import (
    month_predict,
    month_raw,
    month_save,
    month_submit,
    month_upload,
    month_view,
    recording_audio,
    recording_remove,
)
from radio.studio.pages.notifications import notices, notifications_page
from radio.studio.pages.plans import plan_page, plan_save, plan_start
from radio.studio.pages.publish import (
    emergency,
    emergency_audio,
    emergency_confirm,
    emergency_recall,
    emergency_send,
    keys_create,
    publish_confirm,
    publish_month,
    publish_page,
    withdraw,
)
from radio.studio.pages.reports import print_script, report_file, reports_page
from radio.studio.pages.review import review_decide, review_list, review_page
from radio.studio.pages.schedule import schedule_page, schedule_run, slots_save
from radio.studio.pages.stations import station_sheet, station_token, stations_page
from radio.studio.pages.units import unit_audio
from radio.studio.pages.users import (
    users_active,
    users_add,
    users_page,
    users_rename,
    users_reset,
    users_unlock,
)
from radio.studio.pages.year import year_page

__all__ = ["PAGES", "TEMPLATE_HELPERS", "navigation", "notices"]

M = "/{month:str}"
PAGES: tuple[Page, ...] = (
    Page("GET", "/login", login_page, None),
    Page("POST", "/login", login, None),
    Page("GET", "/lang/{code}", language, None),
    Page("GET", "/health", health, None),
    Page("POST", "/logout", logout, Can.ANY),
    Page("GET", "/", home, None),
    Page("GET", "/password", password_page, Can.ANY),
    Page("POST", "/password", password_change, Can.ANY),
    Page("GET", "/notifications", notifications_page, Can.ANY),
    Page("GET", "/year/{year}", year_page, Can.EDIT),
    Page("GET", "/month" + M, month_view, Can.EDIT),
    Page("POST", "/month" + M, month_save, Can.EDIT),
    Page("POST", "/month" + M + "/raw", month_raw, Can.EDIT),
    Page("POST", "/month" + M + "/predict", month_predict, Can.EDIT),
    Page("POST", "/month" + M + "/upload", month_upload, Can.EDIT, body=MAX_UPLOAD + 64 * 1024),
    Page("POST", "/month" + M + "/submit", month_submit, Can.EDIT),
    Page("GET", "/month" + M + "/recording/{segment}", recording_audio, Can.EDIT),
    Page("POST", "/month" + M + "/recording/{segment}/remove", recording_remove, Can.EDIT),
    Page("GET", "/build" + M, build_page, Can.EDIT),
    Page("POST", "/build" + M, build_start, Can.EDIT),
    Page("GET", "/build" + M + "/progress", build_progress, Can.EDIT),
    Page("GET", "/audio" + M, audio, Can.EDIT),
    Page("GET", "/audio" + M + "/{segment}", segment_audio, Can.EDIT),
    Page("GET", "/audio" + M + "/unit/{unit}", unit_audio, Can.EDIT),
    Page("POST", "/lexicon", lexicon, Can.EDIT),
    Page("GET", "/review", review_list, Can.APPROVE),
    Page("GET", "/review" + M, review_page, Can.APPROVE),
    Page("POST", "/review" + M, review_decide, Can.APPROVE),
    Page("GET", "/schedule" + M, schedule_page, Can.WATCH),
    Page("POST", "/schedule" + M, schedule_run, Can.ADMIN),
    Page("POST", "/slots", slots_save, Can.ADMIN),
    Page("GET", "/publish", publish_page, Can.ADMIN),
    Page("GET", "/publish" + M, publish_confirm, Can.ADMIN),
    Page("POST", "/publish" + M, publish_month, Can.ADMIN),
    Page("POST", "/keys", keys_create, Can.ADMIN),
    Page("POST", "/emergency", emergency, Can.ADMIN, body=MAX_UPLOAD + 64 * 1024),
    Page("GET", "/emergency/{draft}", emergency_confirm, Can.ADMIN),
    Page("GET", "/emergency/{draft}/audio", emergency_audio, Can.ADMIN),
    Page("POST", "/emergency/{draft}/send", emergency_send, Can.ADMIN),
    Page("POST", "/recall/{item}", emergency_recall, Can.ADMIN),
    Page("POST", "/withdraw" + M, withdraw, Can.ADMIN),
    Page("GET", "/facts", facts_page, Can.ADMIN),
    Page("POST", "/facts", facts_save, Can.ADMIN),
    Page("GET", "/plans/{year}", plan_page, Can.ADMIN),
    Page("POST", "/plans/{year}", plan_save, Can.ADMIN),
    Page("POST", "/plans/{year}/new", plan_start, Can.ADMIN),
    Page("GET", "/users", users_page, Can.ADMIN),
    Page("POST", "/users", users_add, Can.ADMIN),
    Page("POST", "/users/unlock", users_unlock, Can.ADMIN),
    Page("POST", "/users/{name}/active", users_active, Can.ADMIN),
    Page("POST", "/users/{name}/name", users_rename, Can.ADMIN),
    Page("POST", "/users/{name}/reset", users_reset, Can.ADMIN),
    Page("GET", "/audit", audit_page, Can.ADMIN),
    Page("GET", "/stations", stations_page, Can.WATCH),
    Page("GET", "/stations/{station}/sheet", station_sheet, Can.ADMIN),
    Page("POST", "/stations/{station}/token", station_token, Can.ADMIN),
    Page("GET", "/reports", reports_page, Can.WATCH),
    Page("GET", "/reports/{period}.{fmt}", report_file, Can.WATCH),
    Page("GET", "/print" + M, print_script, Can.WATCH),
)
