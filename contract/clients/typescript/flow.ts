// A frontend's everyday calls through a client generated from the stand-in's OpenAPI document
// (openapi-typescript types, openapi-fetch calls), type-checked with `tsc --strict`.
// Usage: node build/flow.js <base URL> <file for the captured answers>
import { writeFileSync } from "node:fs";
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

type Customer = components["schemas"]["Customer"];
type CustomerRow = components["schemas"]["CustomerRow"];
type FormNode = components["schemas"]["FormNode"];
type RegisterForm =
  paths["/api/{storeCode}/admin/customer/register"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"];

const [baseUrl = "http://127.0.0.1:8181", capturePath = "captured.json"] = process.argv.slice(2);
const STORE = { storeCode: "DEFAULT" };
const JOHN = "00000000-0000-474c-b092-b0dd880c07e1";
const JANE = "00000000-0000-474c-b092-b0dd880c07e2";

interface Captured { method: string; path: string; status: number; contentType: string | null; body: unknown }
const captured: Captured[] = [];

const capture: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const text = await response.clone().text();
    const body: unknown = text === "" ? null : JSON.parse(text);
    captured.push({
      method: request.method, path: schemaPath, status: response.status,
      contentType: response.headers.get("content-type"), body,
    });
    return undefined;
  },
};

const client = createClient<paths>({ baseUrl });
client.use(capture);

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${what}`);
}

function bearer(token: string) {
  return { Authorization: `Bearer ${token}` };
}

// Open Loyalty's bracket form, urlencoded: fields left out are not sent.
function formBody(form: Record<string, string | undefined>): string {
  const fields = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    if (value !== undefined) fields.append(name, value);
  }
  return fields.toString();
}

function formErrors(node: FormNode | undefined, path: string[]): string[] {
  let here = node;
  for (const name of path) here = here?.children?.[name];
  return here?.errors ?? [];
}

// Everyday reading of a customer, as a customer screen does it: no casts, no `any`.
function describe(customer: Customer | CustomerRow): string {
  const contact = customer.email ?? customer.phone ?? "no contact";
  const since = customer.createdAt.slice(0, 10);
  const city = customer.address?.city ?? "";
  return `${customer.firstName} ${customer.lastName} <${contact}> since ${since} ${city}`.trim();
}

type Role = "admin" | "customer" | "seller";

async function signIn(role: Role, username: string, password: string): Promise<components["schemas"]["Token"]> {
  const body = { _username: username, _password: password };
  const path = `/api/${role}/login_check` as const;
  const { data, error } = await client.POST(path, { body });
  check(data !== undefined, `${role} login: ${JSON.stringify(error)}`);
  return data;
}

async function login(role: Role, username: string, password: string): Promise<string> {
  return (await signIn(role, username, password)).token;
}

async function main(): Promise<void> {
  const admin = bearer(await login("admin", "admin", "open"));

  // the admin's customer list and a details screen
  const list = await client.GET("/api/{storeCode}/customer", {
    params: { path: STORE, query: { perPage: 5, sort: "lastName", direction: "asc" } }, headers: admin,
  });
  check(list.data !== undefined, "list");
  check(list.data.total >= list.data.customers.length, "list total");
  const names = list.data.customers.map(describe);
  check(names.length > 0, "rows");

  const john = await client.GET("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: JOHN } }, headers: admin,
  });
  check(john.data !== undefined, "details");
  const status: "new" | "active" | "blocked" | "deleted" = john.data.status.type;
  check(status === "active", "John is active");
  check(describe(john.data).startsWith("John Doe"), "John's name");
  const levelName: string | undefined = john.data.level?.name;
  check(typeof levelName === "string", "John's level");

  // an admin registers customers, as JSON and as Open Loyalty's bracket form
  const asJson = await client.POST("/api/{storeCode}/admin/customer/register", {
    params: { path: STORE }, headers: admin,
    body: { customer: { firstName: "Typed", lastName: "Json", email: "typed.json@example.com", agreement1: true,
                        address: { city: "Gdańsk", country: "PL" } } },
  });
  check(asJson.data !== undefined, `register JSON: ${JSON.stringify(asJson.error)}`);
  const typedJson = asJson.data.customerId;

  const form: RegisterForm = {
    "customer[firstName]": "Typed", "customer[lastName]": "Form", "customer[email]": "typed.form@example.com",
    "customer[agreement1]": "1", "customer[address][city]": "Kraków",
  };
  const asForm = await client.POST("/api/{storeCode}/admin/customer/register", {
    params: { path: STORE }, headers: { ...admin, "Content-Type": "application/x-www-form-urlencoded" },
    body: form, bodySerializer: () => formBody(form),
  });
  check(asForm.data !== undefined, `register form: ${JSON.stringify(asForm.error)}`);

  const updated = await client.PUT("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: typedJson } }, headers: admin,
    body: { customer: { firstName: "Typed", lastName: "Updated", email: "typed.json@example.com", agreement1: true } },
  });
  check(updated.data !== undefined, `update: ${JSON.stringify(updated.error)}`);
  const reread = await client.GET("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: typedJson } }, headers: admin,
  });
  check(reread.data?.lastName === "Updated", "the update holds");
  check(reread.data?.address?.city === undefined || typeof reread.data.address.city === "string", "address");

  const adminStatus = await client.GET("/api/{storeCode}/admin/customer/{customer}/status", {
    params: { path: { ...STORE, customer: JOHN } }, headers: admin,
  });
  check(adminStatus.data !== undefined && adminStatus.data.points >= 0, "admin status");

  const filtered = await client.GET("/api/{storeCode}/admin/customer", {
    params: { path: STORE, query: { lastName: "Updated" } }, headers: admin,
  });
  check(filtered.data?.customers.map((row) => row.customerId).join() === typedJson, "filter");

  // a customer's own reads
  const customer = bearer(await login("customer", "user@example.com", "loyalty"));
  const own = await client.GET("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: JOHN } }, headers: customer,
  });
  check(own.data?.customerId === JOHN, "own details");
  const ownStatus = await client.GET("/api/{storeCode}/customer/customer/{customer}/status", {
    params: { path: { ...STORE, customer: JOHN } }, headers: customer,
  });
  check(ownStatus.data !== undefined && typeof ownStatus.data.levelName === "string", "own status");
  const other = await client.GET("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: JANE } }, headers: customer,
  });
  check(other.response.status === 403 && other.error !== undefined, "another customer is forbidden");

  // a seller registers at the till and searches
  const seller = bearer(await login("seller", "john@doe.com", "open"));
  const atTill = await client.POST("/api/{storeCode}/seller/customer/register", {
    params: { path: STORE }, headers: seller,
    body: { customer: { firstName: "Till", lastName: "Typed", email: "till.typed@example.com", phone: "+48600100200",
                        agreement1: true } },
  });
  check(atTill.data !== undefined, `seller register: ${JSON.stringify(atTill.error)}`);
  const found = await client.POST("/api/{storeCode}/pos/search/customer", {
    params: { path: STORE }, headers: seller, body: { search: { phone: "+48600100200" } },
  });
  check(found.data?.customers.map((row) => row.customerId).join() === atTill.data.customerId, "POS search");
  const sellerStatus = await client.GET("/api/{storeCode}/seller/customer/{customer}/status", {
    params: { path: { ...STORE, customer: atTill.data.customerId } }, headers: seller,
  });
  check(sellerStatus.data?.customerId === atTill.data.customerId, "seller status");

  // self-registration, activated through the outbox's link
  const self = await client.POST("/api/{storeCode}/customer/self_register", {
    params: { path: STORE },
    body: { customer: { firstName: "Self", lastName: "Typed", email: "self.typed@example.com", agreement1: true,
                        plainPassword: "OpenLoyalty123!" } },
  });
  check(self.data !== undefined, `self register: ${JSON.stringify(self.error)}`);
  const message = await client.GET("/_dev/outbox/latest", { params: { query: { to: "self.typed@example.com" } } });
  check(message.data?.token !== undefined, "activation link");
  const activated = await client.POST("/api/{storeCode}/customer/activate/{token}", {
    params: { path: { ...STORE, token: message.data.token } },
  });
  check(activated.response.status === 200, "activation");
  const signedIn = await signIn("customer", "self.typed@example.com", "OpenLoyalty123!");
  const refreshed = await client.POST("/api/token/refresh", { body: { refresh_token: signedIn.refresh_token } });
  check(refreshed.data !== undefined && refreshed.data.token.length > 0, "token refresh");
  const selfDetails = await client.GET("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: self.data.customerId } }, headers: bearer(refreshed.data.token),
  });
  check(selfDetails.data?.active === true, "the activated customer reads itself");

  // errors a screen shows: narrowed by their shape, without casts
  const duplicate = await client.POST("/api/{storeCode}/admin/customer/register", {
    params: { path: STORE }, headers: admin,
    body: { customer: { firstName: "Again", lastName: "Json", email: "typed.json@example.com", agreement1: true } },
  });
  check(duplicate.response.status === 400 && duplicate.error !== undefined, "duplicate e-mail");
  const fault = duplicate.error;
  check("form" in fault, "a form error");
  check(formErrors(fault.form, ["email"]).length === 1, "the e-mail field's error");

  const broken = await client.POST("/api/{storeCode}/admin/customer/register", {
    params: { path: STORE }, headers: { ...admin, "Content-Type": "application/json" },
    body: { customer: { firstName: "Broken", lastName: "Json", email: "broken@example.com", agreement1: true } },
    bodySerializer: () => "{\"customer\": ",
  });
  check(broken.response.status === 400 && broken.error !== undefined, "invalid JSON");
  check("code" in broken.error && broken.error.code === 400, "FOSRest's invalid JSON body");

  const anonymous = await client.GET("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: JOHN } },
  });
  check(anonymous.response.status === 401 && anonymous.error !== undefined, "no token");
  check("message" in anonymous.error && anonymous.error.message === "Invalid credentials", "401 message");

  const missing = await client.GET("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: "00000000-0000-474c-b092-000000000000" } }, headers: admin,
  });
  check(missing.response.status === 404 && missing.error !== undefined, "unknown customer");
  check("error" in missing.error && typeof missing.error.error === "object", "404 envelope");

  const removed = await client.DELETE("/api/{storeCode}/customer/{customer}", {
    params: { path: { ...STORE, customer: typedJson } }, headers: admin,
  });
  check(removed.response.status === 204, "delete");

  writeFileSync(capturePath, JSON.stringify(captured, null, 1));
}

main().catch((failure: unknown) => {
  writeFileSync(capturePath, JSON.stringify(captured, null, 1));
  console.error(failure);
  process.exit(1);
});
