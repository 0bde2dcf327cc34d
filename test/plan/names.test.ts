import { describe, expect, it } from 'vitest';
import { useCase } from '../../src/plan/names.js';

/** The use case as the plan writes it in an operation id or path: words joined by spaces. */
const named = (symbol: string) => useCase(symbol).join(' ');

describe('useCase: a cross-service operation is named by what the caller asks for', () => {
  it('puts the object\'s domain noun after the verb and drops its technical role', () => {
    expect(named('CommentRepository.findById')).toBe('find comment by id');
    expect(named('StockService.reserve')).toBe('reserve stock');
    expect(named('OrderItemRepository.findById')).toBe('find order item by id');
  });

  it('drops every technical role word, however many the object carries', () => {
    expect(named('PaymentGatewayClient.charge')).toBe('charge payment');
    expect(named('DefaultOrderServiceImpl.cancel')).toBe('cancel order');
  });

  it('does not repeat the noun when the member already names it', () => {
    expect(named('OrderService.getOrder')).toBe('get order');
    expect(named('UsersRepository.findUsers')).toBe('find users');
    expect(named('OrderItemRepository.findOrderItems')).toBe('find order items');
  });

  it('knows a noun in its plural, whatever the plural looks like', () => {
    expect(named('InvoiceService.getInvoices')).toBe('get invoices');
    expect(named('CategoryRepository.findCategories')).toBe('find categories');
    expect(named('AddressRepository.findAddresses')).toBe('find addresses');
    expect(named('BoxRepository.findBoxes')).toBe('find boxes');
    expect(named('ClassService.listClasses')).toBe('list classes');
  });

  it('takes the member alone when the object is nothing but technical roles', () => {
    expect(named('Repository.findById')).toBe('find by id');
    expect(named('ApiClient.fetchRates')).toBe('fetch rates');
  });

  it('names a bare function by its own words', () => {
    expect(named('reserveStock')).toBe('reserve stock');
  });

  it('names an object without a member by its domain noun, or by its own words when it has none', () => {
    expect(named('OrderService')).toBe('order');
    expect(named('Service')).toBe('service');
  });

  it('gives the same name for the same symbol', () => {
    expect(useCase('CommentRepository.findById')).toEqual(useCase('CommentRepository.findById'));
  });
});
