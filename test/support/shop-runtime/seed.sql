-- Deterministic seed data for the shop fixture's runtime tests: fixed ids (00000000-0000-4000-8000-…,
-- kept as they are by the recording normaliser), fixed timestamps, precomputed password hashes.
-- Sign-ins: admin@shop.example / admin-password-1 (admin, support), ada@shop.example / ada-password-1815.
-- The 2024 orders and daily_sales rows give the sales reports a fixed range with data in it.

INSERT INTO "warehouses" ("code", "name", "country", "active", "priority") VALUES
  ('BER1', 'Berlin', 'DE', true, 10),
  ('HAM1', 'Hamburg', 'DE', true, 20);

INSERT INTO "customers" ("id", "email", "first_name", "last_name", "phone", "segment", "vat_id", "marketing_consent", "created_at", "updated_at") VALUES
  ('00000000-0000-4000-8000-c00000000001', 'ada@shop.example', 'Ada', 'Lovelace', '+49 30 1815', 'retail', NULL, true, '2024-01-01T09:00:00Z', '2024-01-01T09:00:00Z'),
  ('00000000-0000-4000-8000-c00000000002', 'ops@brunel.example', 'Isambard', 'Brunel', NULL, 'business', 'DE123456789', false, '2024-01-02T09:00:00Z', '2024-01-02T09:00:00Z');

INSERT INTO "users" ("id", "email", "password_hash", "roles", "customer_id", "created_at", "updated_at") VALUES
  ('00000000-0000-4000-8000-a00000000001', 'admin@shop.example',
   'scrypt$c2VhbS1zZWVkLWFkbWluMA==$2DaOIrS2Bj+OD/pYUdAM+XdXYK3UAl4GZYmXRQXVEvuWobbHhiGoK6YsXfgdioDxSzlwR0FDPY1c3S7xC06fEw==',
   '{admin,support}', NULL, '2024-01-01T08:00:00Z', '2024-01-01T08:00:00Z'),
  ('00000000-0000-4000-8000-a00000000002', 'ada@shop.example',
   'scrypt$c2VhbS1zZWVkLWFkYTAwMA==$MahujXMeft7005RhZs8iUnSNSa0BOlQQN1Vt+PC61XguYlQy+9z8H4u/PCC+O5V8W4HVvZ6ykLSutAgeU18JJw==',
   '{customer}', '00000000-0000-4000-8000-c00000000001', '2024-01-01T09:00:00Z', '2024-01-01T09:00:00Z');

INSERT INTO "categories" ("id", "slug", "name", "parent_id", "position") VALUES
  ('00000000-0000-4000-8000-ca0000000001', 'lighting', 'Lighting', NULL, 1),
  ('00000000-0000-4000-8000-ca0000000002', 'kitchen', 'Kitchen', NULL, 2);

INSERT INTO "products" ("id", "sku", "name", "description", "category_id", "price_cents", "currency", "status", "weight_grams", "image_urls", "created_at", "updated_at") VALUES
  ('00000000-0000-4000-8000-d00000000001', 'DESK-LAMP-01', 'Desk lamp', 'Brass desk lamp', '00000000-0000-4000-8000-ca0000000001', 3990, 'EUR', 'active', 1200, '{https://img.shop.example/desk-lamp.jpg}', '2024-01-01T10:00:00Z', '2024-01-01T10:00:00Z'),
  ('00000000-0000-4000-8000-d00000000002', 'KETTLE-01', 'Kettle', 'Stainless steel kettle, 1.7 l', '00000000-0000-4000-8000-ca0000000002', 2490, 'EUR', 'active', 900, '{}', '2024-01-01T10:01:00Z', '2024-01-01T10:01:00Z'),
  ('00000000-0000-4000-8000-d00000000003', 'MUG-SET-01', 'Mug set', 'Four stoneware mugs', '00000000-0000-4000-8000-ca0000000002', 1590, 'EUR', 'active', 600, '{}', '2024-01-01T10:02:00Z', '2024-01-01T10:02:00Z'),
  ('00000000-0000-4000-8000-d00000000004', 'PENDANT-01', 'Pendant light', 'Not released yet', '00000000-0000-4000-8000-ca0000000001', 8900, 'EUR', 'draft', 2100, '{}', '2024-01-01T10:03:00Z', '2024-01-01T10:03:00Z');

INSERT INTO "stock_levels" ("product_id", "warehouse_id", "on_hand", "reserved", "reorder_point", "version", "updated_at") VALUES
  ('00000000-0000-4000-8000-d00000000001', 'BER1', 10, 0, 5, 1, '2024-01-01T11:00:00Z'),
  ('00000000-0000-4000-8000-d00000000001', 'HAM1', 5, 0, 5, 1, '2024-01-01T11:00:00Z'),
  ('00000000-0000-4000-8000-d00000000002', 'BER1', 8, 0, 5, 1, '2024-01-01T11:00:00Z'),
  ('00000000-0000-4000-8000-d00000000003', 'HAM1', 20, 0, 5, 1, '2024-01-01T11:00:00Z');

INSERT INTO "orders" ("id", "number", "customer_id", "status", "payment_status", "subtotal_cents", "shipping_cents", "discount_cents", "tax_cents", "total_cents", "currency", "shipping_address", "created_at", "updated_at") VALUES
  ('00000000-0000-4000-8000-e00000000001', 'SO-2024-000001', '00000000-0000-4000-8000-c00000000001', 'delivered', 'captured', 7170, 0, 0, 1362, 8532, 'EUR',
   '{"name": "Ada Lovelace", "line1": "Unter den Linden 1", "city": "Berlin", "postalCode": "10117", "country": "DE"}', '2024-01-05T10:00:00Z', '2024-01-08T10:00:00Z'),
  ('00000000-0000-4000-8000-e00000000002', 'SO-2024-000002', '00000000-0000-4000-8000-c00000000002', 'delivered', 'captured', 7470, 0, 0, 1419, 8889, 'EUR',
   '{"name": "Isambard Brunel", "line1": "Speicherstadt 2", "city": "Hamburg", "postalCode": "20457", "country": "DE"}', '2024-01-12T15:30:00Z', '2024-01-15T10:00:00Z');

INSERT INTO "order_items" ("id", "order_id", "product_id", "sku", "product_name", "quantity", "unit_price_cents", "returned_quantity", "warehouse_id") VALUES
  ('00000000-0000-4000-8000-e10000000001', '00000000-0000-4000-8000-e00000000001', '00000000-0000-4000-8000-d00000000001', 'DESK-LAMP-01', 'Desk lamp', 1, 3990, 0, 'BER1'),
  ('00000000-0000-4000-8000-e10000000002', '00000000-0000-4000-8000-e00000000001', '00000000-0000-4000-8000-d00000000003', 'MUG-SET-01', 'Mug set', 2, 1590, 0, 'HAM1'),
  ('00000000-0000-4000-8000-e10000000003', '00000000-0000-4000-8000-e00000000002', '00000000-0000-4000-8000-d00000000002', 'KETTLE-01', 'Kettle', 3, 2490, 0, 'BER1');

INSERT INTO "daily_sales" ("day", "order_count", "revenue_cents") VALUES
  ('2024-01-05', 1, 8532),
  ('2024-01-12', 1, 8889);

INSERT INTO "loyalty_accounts" ("id", "customer_id", "points", "tier", "updated_at") VALUES
  ('00000000-0000-4000-8000-f00000000001', '00000000-0000-4000-8000-c00000000001', 1200, 'silver', '2024-01-08T10:00:00Z');

INSERT INTO "loyalty_transactions" ("id", "account_id", "delta", "reason", "order_id", "created_at") VALUES
  ('00000000-0000-4000-8000-f10000000001', '00000000-0000-4000-8000-f00000000001', 1200, 'migration', NULL, '2024-01-08T10:00:00Z');
